using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>The isolated tier's rules: which contracts may cross, restarts, disabling, cooling down, health.</summary>
[Collection("isolation")]
public sealed class IsolationBehaviourTests : IAsyncLifetime
{
    private const string Echo = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Echo : IIsolatedProbe
        {
            public string Run(ProbeRequest request) => $"echo {request.Text}";
        }
        """;

    private const string Crash = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Crash : IIsolatedProbe
        {
            public string Run(ProbeRequest request) { Environment.FailFast("bye"); return "unreachable"; }
        }
        """;

    private readonly string _folder = TestRun.Folder("isolation-behaviour");
    private readonly ScriptedChatClient _model = new();
    private readonly List<IHost> _hosts = [];
    private string _next = Echo;

    public Task InitializeAsync()
    {
        _model.Fallback = _ => "```csharp\n" + _next + "\n```";
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => TestHosts.StopAndDeleteAsync(_folder, _hosts);

    [Fact]
    public async Task ApproveAsync_IsolatedForAContractWithALiveHostObject_IsRefusedWithPA0704()
    {
        var host = await StartAsync();
        _next = """
            using PersonalApp.SecurityTests.Contracts;
            namespace Probes;
            public sealed class Plain : IProbe { public string Run(ProbeInput input) => input.Text; }
            """;
        var result = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("anna", "a probe") { ExtensionPoint = "Probe" });

        var error = await Assert.ThrowsAsync<PersonalizationException>(() =>
            host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(result.Plugin!.Value, new ApprovalDecision("admin") { Placement = PluginPlacement.Isolated }));

        Assert.Equal("PA0704", error.DiagnosticId);
        Assert.Contains("ProbeInput", error.Message, StringComparison.Ordinal);
        var point = host.Services.GetRequiredService<IPersonalizer>().ExtensionPoints.Single(p => p.Name == "Probe");
        Assert.False(point.CanRunIsolated);
    }

    [Fact]
    public async Task Restart_IsolatedPlugin_RunsInAWorkerAgain()
    {
        var first = await StartAsync();
        var key = await ApproveAsync(first, Echo, "anna");
        await first.StopAsync();

        var second = await StartAsync();
        var feature = second.Services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>("anna").Single();
        var outcome = feature.Invoke(p => p.Run(new ProbeRequest("again", 1)));

        Assert.Equal(key, feature.Key);
        Assert.Equal("echo again", outcome.Value);
        Assert.Equal(PluginPlacement.Isolated, (await second.Services.GetRequiredService<IPluginApprovals>().GetAsync(key))!.Placement);
    }

    [Fact]
    public async Task Invoke_IsolatedPluginThatKeepsCrashing_IsDisabledAndAuditedWhileOthersKeepWorking()
    {
        var host = await StartAsync(layersOff: true, faultsBeforeDisable: 2);
        var echo = await ApproveAsync(host, Echo, "anna");
        var crash = await ApproveAsync(host, Crash, "ben");
        var features = host.Services.GetRequiredService<IPersonalFeatures>();
        var crasher = features.GetAll<IIsolatedProbe>("ben").Single();

        var outcomes = Enumerable.Range(0, 3).Select(_ => crasher.Invoke(p => p.Run(new ProbeRequest("x", 1))).Kind).ToList();

        Assert.Equal([PluginOutcomeKind.Faulted, PluginOutcomeKind.Faulted, PluginOutcomeKind.Disabled], outcomes);
        Assert.Empty(features.GetAll<IIsolatedProbe>("ben"));
        var audit = await host.Services.GetRequiredService<IPluginApprovals>().GetAuditLogAsync(crash.PluginId);
        Assert.Contains(audit, e => e.Action == "disabled" && e.Actor == "system");
        Assert.Equal("echo still", features.GetAll<IIsolatedProbe>("anna").Single().Invoke(p => p.Run(new ProbeRequest("still", 1))).Value);
        Assert.True(host.Services.GetRequiredService<IPluginIsolation>().Report.WorkersReplaced >= 2);
        _ = echo;
    }

    [Fact]
    public async Task Pool_RepeatedWorkerLosses_CoolsDownInsteadOfSpinning()
    {
        var host = await StartAsync(layersOff: true, failuresBeforeCooldown: 2);
        await ApproveAsync(host, Crash, "ben");
        var crasher = host.Services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>("ben").Single();

        _ = crasher.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        _ = crasher.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        var cooled = crasher.Invoke(p => p.Run(new ProbeRequest("x", 1)));

        Assert.Equal(PluginOutcomeKind.Faulted, cooled.Kind);
        Assert.Contains("cooling down", cooled.Message, StringComparison.Ordinal);
        Assert.True(host.Services.GetRequiredService<IPluginIsolation>().Report.CoolingDown);
    }

    [Fact]
    public async Task HealthCheck_ReportsWhichLimitsAreInForce()
    {
        var host = await StartAsync();
        var check = new PersonalAppIsolationHealthCheck(host.Services.GetRequiredService<IPluginIsolation>());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        var expected = IsolationCorpus.BubblewrapAvailable ? HealthStatus.Healthy : HealthStatus.Degraded;
        Assert.Equal(expected, result.Status);
        Assert.Contains("DOTNET_GCHeapHardLimit", result.Description, StringComparison.Ordinal);
        Assert.Equal(IsolationCorpus.BubblewrapAvailable ? "Bubblewrap" : "PlainProcess", result.Data["mode"]);
    }

    private async Task<IHost> StartAsync(bool layersOff = false, int faultsBeforeDisable = 3, int failuresBeforeCooldown = 100)
    {
        var host = await TestHosts.StartAsync(
            _model,
            Path.Combine(_folder, "behaviour.db"),
            o =>
            {
                o.DefaultPlacement = PlacementDefault.Isolated;
                o.Sandbox.InProcessLayersEnabled = !layersOff;
                o.Isolation.FailuresBeforeCooldown = failuresBeforeCooldown;
                o.Isolation.Cooldown = TimeSpan.FromMinutes(10);
                o.Isolation.WorkDirectory = Path.Combine(_folder, "isolation-" + _hosts.Count);
            },
            p => p
                .AddExtensionPoint<IIsolatedProbe>(ep => ep.Limits = new Sandbox.SandboxLimits { Timeout = TimeSpan.FromSeconds(10), FaultsBeforeDisable = faultsBeforeDisable })
                .AddExtensionPoint<IProbe>());
        _hosts.Add(host);
        return host;
    }

    private async Task<PluginVersionKey> ApproveAsync(IHost host, string source, string user)
    {
        _next = source;
        var result = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest(user, "an isolated probe") { ExtensionPoint = "IsolatedProbe" });
        Assert.True(result.IsPendingApproval, result.ToString());
        await host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(result.Plugin!.Value, "admin");
        return result.Plugin!.Value;
    }
}
