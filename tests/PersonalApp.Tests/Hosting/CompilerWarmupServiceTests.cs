using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Hosting;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Hosting;

public sealed class CompilerWarmupServiceTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Completed_WarmUpOn_CompletesAfterTheHostStartsHavingRunTheExample()
    {
        var logs = new CollectingLoggerProvider();
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient(), o => o.WarmUpCompiler = true, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var warmup = host.Services.GetRequiredService<CompilerWarmupService>();
        Assert.False(warmup.Completed.IsCompleted);

        await host.StartAsync();
        await warmup.Completed.WaitAsync(Guard);

        Assert.True(warmup.Completed.IsCompletedSuccessfully);
        Assert.Contains(logs.Messages, m => m.Contains("pipeline warmed up", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("does not pass", StringComparison.Ordinal));
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, warmup));
        await host.StopAsync();
    }

    [Fact]
    public async Task Completed_WarmUpOn_LeavesTheHostsModelCatalogAuditAndBudgetsUntouched()
    {
        var model = new ScriptedChatClient();
        using var host = TestHost.Build(_directory.StorePath, model, o =>
        {
            o.WarmUpCompiler = true;
            o.MaxTokensPerDay = 1_000;
        });
        var catalog = host.Services.GetRequiredService<IPluginCatalog>();

        await host.StartAsync();
        await host.Services.GetRequiredService<CompilerWarmupService>().Completed.WaitAsync(Guard);

        Assert.Equal(0, model.CallCount);
        Assert.Empty(catalog.List(status: null));
        Assert.DoesNotContain(catalog.GetAudit(pluginId: null), e => e.Actor.Contains("warm-up", StringComparison.Ordinal) || e.PluginId is not null);
        Assert.Equal(0, catalog.TokensUsedSince(DateTimeOffset.UtcNow.AddDays(-1), userId: null));
        await host.StopAsync();
    }

    [Fact]
    public async Task Completed_ExampleRefusedByThePolicy_LogsWhyWithoutFailing()
    {
        var logs = new CollectingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(new ScriptedChatClient());
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        builder.Services
            .AddPersonalization(o =>
            {
                o.StorePath = _directory.StorePath;
                o.DefaultPlacement = PlacementDefault.InProcess;
                o.WarmUpCompiler = true;
            })
            .AddExtensionPoint<ITicketPricingRule>(ep => ep.AddExample(TestExtensionPoints.PricingExampleWish, ReadsAFile));
        using var host = builder.Build();

        await host.StartAsync();
        await host.Services.GetRequiredService<CompilerWarmupService>().Completed.WaitAsync(Guard);

        Assert.Contains(logs.Messages, m => m.Contains("does not pass the generation pipeline", StringComparison.Ordinal) && m.Contains(DiagnosticIds.PolicyDenied, StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("pipeline warmed up", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task Completed_HostStoppedAtOnce_CompletesWithoutThrowing()
    {
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient(), o => o.WarmUpCompiler = true);
        var warmup = host.Services.GetRequiredService<CompilerWarmupService>();

        await host.StartAsync();
        await host.StopAsync();
        await warmup.Completed.WaitAsync(Guard);

        Assert.True(warmup.Completed.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Completed_WarmUpOff_CompletesWithoutCompiling()
    {
        var logs = new CollectingLoggerProvider();
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient(), o => o.WarmUpCompiler = false, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var warmup = host.Services.GetRequiredService<CompilerWarmupService>();

        await host.StartAsync();
        await warmup.Completed.WaitAsync(Guard);

        Assert.True(warmup.Completed.IsCompletedSuccessfully);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("warmed up", StringComparison.Ordinal));
        await host.StopAsync();
    }

    private const string ReadsAFile = """
        public sealed class ReadsAFile : ITicketPricingRule
        {
            public string Name => "Reads a file";

            public PriceAdjustment? Apply(TicketOrder order) => System.IO.File.Exists("/etc/passwd") ? null : null;
        }
        """;
}
