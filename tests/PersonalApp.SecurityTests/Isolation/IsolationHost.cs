using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>Real hosts whose plugins run in workers, for the isolated tier's behaviour tests; one folder, deleted at the end.</summary>
internal sealed class IsolationHost : IAsyncDisposable
{
    private readonly ScriptedChatClient _model = new();
    private readonly List<IHost> _hosts = [];
    private string _next = string.Empty;

    public IsolationHost() => _model.Fallback = _ => "```csharp\n" + _next + "\n```";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "personalapp-isolation-tests-" + Guid.NewGuid().ToString("N"));

    public static IReadOnlyList<ProbeRequest> Requests(int count) => [.. Enumerable.Range(0, count).Select(i => new ProbeRequest("x", i))];

    /// <summary>
    /// Starts a host whose probes run isolated. <paramref name="timeout"/> is the probes' deadline (plus a 500 ms margin):
    /// 10 s unless a test needs calls to pass it, so that on a loaded machine an innocent call on a fresh worker, which
    /// pays that worker's first JIT, never times out.
    /// </summary>
    public async Task<IHost> StartAsync(bool layersOff = false, TimeSpan? timeout = null, Action<PersonalizationOptions>? configure = null, int faultsBeforeDisable = 2)
    {
        var host = await TestHosts.StartAsync(
            _model,
            Path.Combine(Folder, "isolated.db"),
            o =>
            {
                o.DefaultPlacement = PlacementDefault.Isolated;
                o.Sandbox.InProcessLayersEnabled = !layersOff;
                o.Isolation.FailuresBeforeCooldown = 100;
                o.Isolation.DeadlineMargin = TimeSpan.FromMilliseconds(500);
                o.Isolation.WorkDirectory = Path.Combine(Folder, "isolation-" + _hosts.Count);
                configure?.Invoke(o);
            },
            p => p.AddExtensionPoint<IIsolatedProbe>(ep => ep.Limits = new SandboxLimits { Timeout = timeout ?? TimeSpan.FromSeconds(10), FaultsBeforeDisable = faultsBeforeDisable }));
        _hosts.Add(host);
        return host;
    }

    /// <summary>Asks for <paramref name="source"/> as a plugin of <paramref name="user"/>'s; returns it pending approval.</summary>
    public async Task<PluginVersionKey> RequestAsync(IHost host, string source, string user)
    {
        _next = source;
        var result = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest(user, "an isolated probe " + Guid.NewGuid().ToString("N")) { ExtensionPoint = "IsolatedProbe" });
        Assert.True(result.IsPendingApproval, result.ToString());
        return result.Plugin!.Value;
    }

    public async Task<PluginVersionKey> ApproveAsync(IHost host, string source, string user, params string[] grants)
    {
        var key = await RequestAsync(host, source, user);
        await host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(key, new ApprovalDecision("admin") { GrantedCapabilities = grants.ToHashSet(StringComparer.Ordinal) });
        return key;
    }

    public static PersonalFeature<IIsolatedProbe> Feature(IHost host, string user) => host.Services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>(user).Single();

    /// <summary>Kills the worker serving the approved plugins, as a crash would.</summary>
    public static void KillServingWorker(IHost host)
    {
        var pid = host.Services.GetRequiredService<WorkerPool>().ServingProcessId ?? throw new InvalidOperationException("no serving worker");
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
        _hosts.Remove(host);
    }

    public ValueTask DisposeAsync() => new(TestHosts.StopAndDeleteAsync(Folder, _hosts));
}
