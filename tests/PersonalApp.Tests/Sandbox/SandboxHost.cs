using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Sandbox;

/// <summary>A real host (SQLite in a temp folder, real Roslyn and loader) whose scripted model answers with the source a test gives.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "personalapp-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly IHost _host;
    private string _next = string.Empty;

    private SandboxHost(Action<PersonalizationOptions>? configure, SandboxLimits? limits)
    {
        var model = new ScriptedChatClient { Fallback = _ => "```csharp\n" + _next + "\n```" };
        Model = model;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(model);
        builder.Services
            .AddPersonalization(o =>
            {
                o.StorePath = Path.Combine(_folder, "sandbox.db");
                o.DefaultPlacement = PlacementDefault.InProcess;
                o.MaxRepairRounds = 0;
                o.WarmUpCompiler = false;

                // Every source is asked for with the same wish: each must be written and checked, not offered an earlier one.
                o.ReuseApprovedPlugins = false;
                configure?.Invoke(o);
            })
            .AddExtensionPoint<ITicketPricingRule>(ep => ep.Limits = limits);
        _host = builder.Build();
    }

    public ScriptedChatClient Model { get; }

    public IServiceProvider Services => _host.Services;

    public IPersonalizer Personalizer => _host.Services.GetRequiredService<IPersonalizer>();

    public IPluginApprovals Approvals => _host.Services.GetRequiredService<IPluginApprovals>();

    public IPersonalFeatures Features => _host.Services.GetRequiredService<IPersonalFeatures>();

    public static TicketOrder Order => new(new DateOnly(2026, 12, 1), 12, 2, 1, 20m, 10m, 12m);

    public static async Task<SandboxHost> StartAsync(Action<PersonalizationOptions>? configure = null, SandboxLimits? limits = null)
    {
        var host = new SandboxHost(configure, limits);
        await host._host.StartAsync();
        return host;
    }

    /// <summary>Runs the generation pipeline on a source, as if the model had written it.</summary>
    public Task<PersonalizationResult> RequestAsync(string source, string user = "anna")
    {
        _next = source;
        return Personalizer.RequestAsync(new PersonalizationRequest(user, "a pricing rule"));
    }

    /// <summary>Generates, approves and returns the live feature for a source that must pass every static layer.</summary>
    public async Task<PersonalFeature<ITicketPricingRule>> ApproveAsync(string source, string user = "anna")
    {
        var result = await RequestAsync(source, user);
        if (!result.IsPendingApproval)
        {
            throw new InvalidOperationException("The source did not pass the pipeline: " + result);
        }

        await Approvals.ApproveAsync(result.Plugin!.Value, "admin", "test");
        return Features.GetAll<ITicketPricingRule>(user).Single(f => f.Key == result.Plugin);
    }

    /// <summary>A pricing rule whose Apply body is <paramref name="body"/>, with optional extra members.</summary>
    public static string Rule(string body, string members = "", string usings = "")
        => $$"""
            {{usings}}
            namespace KioskPlugins;

            public sealed class Rule : ITicketPricingRule
            {
                public string Name => "rule";

                public PriceAdjustment? Apply(TicketOrder order)
                {
                    {{body}}
                }

                {{members}}
            }
            """;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
