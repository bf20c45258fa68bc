using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>Capabilities of isolated plugins, served by the host over the worker's connection.</summary>
[Collection("isolation")]
public sealed class IsolatedCapabilityTests : IAsyncLifetime
{
    private const string Counter = ProbeSources.StorageCounter;

    private const string Hoarder = """
        using PersonalApp.Capabilities;
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        [UsesCapabilities("storage")]
        public sealed class Hoarder : IIsolatedProbe
        {
            public string Run(ProbeRequest request)
            {
                var storage = PluginContext.Current.Require<IPluginStorage>();
                if (request.Number == 0) { storage.Set("big", new string('x', 5000)); return "wrote"; }
                if (request.Number == 1) { var n = 0; for (var i = 0; i < 5000; i++) { n += storage.Get("k") is null ? 1 : 0; } return n.ToString(System.Globalization.CultureInfo.InvariantCulture); }
                return storage.Get("other-user:count") ?? "nothing";
            }
        }
        """;

    private readonly IsolationHost _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hosts.DisposeAsync().AsTask();

    [Fact]
    public async Task Invoke_IsolatedCounterWithStorage_KeepsItsDataThroughAWorkerCrashAndAHostRestart()
    {
        var host = await _hosts.StartAsync();
        await _hosts.ApproveAsync(host, Counter, "anna", "storage");
        var first = Enumerable.Range(0, 3).Select(_ => IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1))).Value).ToList();

        IsolationHost.KillServingWorker(host);
        var afterCrash = IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1)));
        await _hosts.StopAsync(host);
        var restarted = await _hosts.StartAsync();
        var afterRestart = IsolationHost.Feature(restarted, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1)));

        Assert.Equal(["1", "2", "3"], first);
        Assert.True(afterCrash.IsCompleted, afterCrash.Message);
        Assert.Equal("4", afterCrash.Value);
        Assert.Equal("5", afterRestart.Value);
    }

    [Fact]
    public async Task Invoke_ThousandCallsSplitOverTwoWorkers_CountIsRight()
    {
        var host = await _hosts.StartAsync();
        await _hosts.ApproveAsync(host, Counter, "anna", "storage");
        var feature = IsolationHost.Feature(host, "anna");
        var pool = host.Services.GetRequiredService<WorkerPool>();

        var firstHalf = Enumerable.Range(0, 500).Select(_ => feature.Invoke(p => p.Run(new ProbeRequest("x", 1)))).ToList();
        var firstWorker = pool.ServingProcessId;
        IsolationHost.KillServingWorker(host);
        var secondHalf = Enumerable.Range(0, 500).Select(_ => feature.Invoke(p => p.Run(new ProbeRequest("x", 1)))).ToList();

        Assert.All(firstHalf.Concat(secondHalf), o => Assert.True(o.IsCompleted, o.Message));
        Assert.NotEqual(firstWorker, pool.ServingProcessId);
        Assert.Equal("1000", secondHalf[^1].Value);
    }

    [Fact]
    public async Task Invoke_SharedIsolatedPlugin_EachUserCountsInTheirOwnSpace()
    {
        var host = await _hosts.StartAsync();
        var key = await _hosts.ApproveAsync(host, Counter, "anna", "storage");
        await host.Services.GetRequiredService<IPluginApprovals>().PromoteAsync(key.PluginId, Catalog.PluginAudience.Everyone, "admin", "for all");

        _ = IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1)));
        var annas = IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1)));
        var bens = IsolationHost.Feature(host, "ben").Invoke(p => p.Run(new ProbeRequest("x", 1)));

        Assert.Equal("2", annas.Value);
        Assert.Equal("1", bens.Value);
    }

    [Fact]
    public async Task Invoke_QuotaOverrunAndFlood_AreRefusedCountedAndTheHostKeepsAnswering()
    {
        // A generous time limit: the flood's 100 forwarded calls must meet the cap, not the clock, on a busy CI machine.
        var host = await _hosts.StartAsync(timeout: TimeSpan.FromSeconds(10), configure: o =>
        {
            o.Capabilities.StorageMaxValueBytes = 1024;
            o.Capabilities.ForwardedCallsPerCall = 100;
        }, faultsBeforeDisable: 5);
        var key = await _hosts.ApproveAsync(host, Hoarder, "anna", "storage");
        var feature = IsolationHost.Feature(host, "anna");

        var overQuota = feature.Invoke(p => p.Run(new ProbeRequest("x", 0)));
        var flood = feature.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        var otherUsers = IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 2)));

        Assert.Equal(PluginOutcomeKind.Faulted, overQuota.Kind);
        Assert.Contains("Storage refused", overQuota.Message, StringComparison.Ordinal);
        Assert.Equal(PluginOutcomeKind.Faulted, flood.Kind);
        Assert.Contains("more than 100 capability calls", flood.Message, StringComparison.Ordinal);
        Assert.Equal("nothing", otherUsers.Value);
        var usage = await host.Services.GetRequiredService<IPluginApprovals>().GetCapabilityUsageAsync(key.PluginId);
        Assert.True(usage.Sum(u => u.Refused) >= 2);
        Assert.True(host.Services.GetRequiredService<IPluginIsolation>().Report.CapabilityCallsRefused >= 2);
    }

    [Fact]
    public async Task Invoke_StoreLockedByAnotherProcess_FailsAsTheHostsFaultAndNeverDisablesThePlugin()
    {
        // Each locked-out call waits what its deadline leaves: a short one keeps the test short.
        // A wide margin: the worker's answer to a call that waited on the store must come back before the worker is killed.
        var host = await _hosts.StartAsync(timeout: TimeSpan.FromSeconds(2), configure: o => o.Isolation.DeadlineMargin = TimeSpan.FromSeconds(10), faultsBeforeDisable: 2);
        var key = await _hosts.ApproveAsync(host, Counter, "anna", "storage");
        var feature = IsolationHost.Feature(host, "anna");
        Assert.Equal("1", feature.Invoke(p => p.Run(new ProbeRequest("x", 1))).Value);

        var failed = new List<PluginOutcome<string>>();
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_hosts.Folder, "isolated.db")};Pooling=False"))
        {
            // Another process holds the write lock: the forwarded Increment waits what its call has left, then fails.
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            for (var call = 0; call < 3; call++)
            {
                failed.Add(feature.Invoke(p => p.Run(new ProbeRequest("x", 1))));
            }
        }

        var after = feature.Invoke(p => p.Run(new ProbeRequest("x", 1)));

        Assert.All(failed, o =>
        {
            Assert.False(o.IsCompleted);
            Assert.IsType<HostFaultException>(o.Exception);
        });
        Assert.True(after.IsCompleted, after.Message);
        Assert.Equal("2", after.Value);
        Assert.Equal(PluginStatus.Active, host.Services.GetRequiredService<IPluginCatalog>().GetVersion(key)!.Status);
    }

    [Fact]
    public async Task Invoke_HandleOfAVersionReplacedInItsWorker_IsOutOfServiceNotAFault()
    {
        var host = await _hosts.StartAsync(timeout: TimeSpan.FromSeconds(10), faultsBeforeDisable: 1);
        var v1 = await _hosts.ApproveAsync(host, Counter, "anna", "storage");
        var old = IsolationHost.Feature(host, "anna");
        Assert.Equal("1", old.Invoke(p => p.Run(new ProbeRequest("x", 1))).Value);

        // A change of the plugin is approved: the worker drops v1 and loads v2.
        var change = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("anna", "count again") { ExtensionPoint = "IsolatedProbe", PluginId = v1.PluginId });
        await host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(change.Plugin!.Value, new ApprovalDecision("admin") { GrantedCapabilities = new HashSet<string>(["storage"], StringComparer.Ordinal) });

        // The worker is told to drop v1 without waiting: until it has, the old handle's calls still finish (as in process).
        var stale = old.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (stale.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
            stale = old.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        }

        var current = IsolationHost.Feature(host, "anna");

        Assert.Equal(PluginOutcomeKind.Disabled, stale.Kind);
        Assert.Contains("revoked or replaced after this feature was handed out", stale.Message, StringComparison.Ordinal);
        Assert.Equal(change.Plugin.Value, current.Key);
        Assert.True(current.Invoke(p => p.Run(new ProbeRequest("x", 1))).IsCompleted);
        Assert.Equal(PluginStatus.Active, host.Services.GetRequiredService<IPluginCatalog>().GetVersion(change.Plugin.Value)!.Status);
    }
}
