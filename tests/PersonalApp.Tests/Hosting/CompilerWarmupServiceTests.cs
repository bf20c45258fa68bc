using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalApp.Hosting;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Hosting;

public sealed class CompilerWarmupServiceTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Completed_WarmUpOn_CompletesAfterTheHostStartsHavingCompiled()
    {
        var logs = new CollectingLoggerProvider();
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient(), o => o.WarmUpCompiler = true, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var warmup = host.Services.GetRequiredService<CompilerWarmupService>();
        Assert.False(warmup.Completed.IsCompleted);

        await host.StartAsync();
        await warmup.Completed.WaitAsync(Guard);

        Assert.True(warmup.Completed.IsCompletedSuccessfully);
        Assert.Contains(logs.Messages, m => m.Contains("Roslyn warmed up", StringComparison.Ordinal));
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, warmup));
        await host.StopAsync();
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
        Assert.DoesNotContain(logs.Messages, m => m.Contains("Roslyn warmed up", StringComparison.Ordinal));
        await host.StopAsync();
    }
}
