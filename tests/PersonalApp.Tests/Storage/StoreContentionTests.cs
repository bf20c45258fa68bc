using Microsoft.Data.Sqlite;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Storage;

/// <summary>
/// Writes under contention: the host's own writers take turns instead of waiting on SQLite's busy handler, a plugin's
/// storage call never waits past its call's time limit, and a store the host cannot write is never counted as the
/// plugin's fault.
/// </summary>
public sealed class StoreContentionTests : IDisposable
{
    private static readonly string[] Storage = [CapabilityNames.Storage];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Invoke_StoreLockedByAnotherProcess_FailsAsTheHostsFaultAndNeverDisablesThePlugin()
    {
        await using var host = await StartAsync();
        var key = await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        var feature = Assert.Single(host.Rules("anna"));

        using (var other = LockTheFile(host.StorePath))
        {
            for (var call = 0; call < 4; call++)
            {
                var outcome = feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup()));
                AssertHostsFault(outcome);
            }
        }

        // Four failed calls against FaultsBeforeDisable = 2: still live, and it counts from where it was.
        var after = feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup()));
        Assert.True(after.IsCompleted, after.ToString());
        Assert.Equal("order 1 of anna", after.Value!.Reason);
        Assert.Equal(PluginStatus.Active, host.Store.GetVersion(key)!.Status);
    }

    [Fact]
    public async Task Invoke_HostsOwnWriterHoldsTheStorePastTheCallsLimit_GivesUpInTimeAsTheHostsFault()
    {
        await using var host = await StartAsync();
        await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        var feature = Assert.Single(host.Rules("anna"));

        PluginOutcome<PriceAdjustment?> outcome;
        using (host.Store.BeginWrite())
        {
            // The host's own long write: the plugin's write waits its turn for what is left of its call, then gives up.
            outcome = feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup()));
        }

        AssertHostsFault(outcome);
        Assert.Contains("busy with other writes", outcome.Message, StringComparison.Ordinal);
        Assert.True(feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup())).IsCompleted);
    }

    [Fact]
    public async Task Writes_ManyWritersAtOnce_AllLandWithoutALockError()
    {
        await using var host = await StartAsync();
        var key = await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        var data = (IPluginDataStore)host.Services.GetService(typeof(IPluginDataStore))!;
        var quota = new StorageQuota(1_000, 1_000_000, 1_000);
        const int Writers = 6;
        const int Each = 40;

        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < Each; i++)
            {
                // Plugin data, audit entries and request rows, as a busy host writes them side by side.
                data.Increment(key.PluginId, "anna", "hits", 1, quota, TimeSpan.FromSeconds(30));
                host.Store.AppendAudit("load-test", $"writer-{w}", key.PluginId, key.Version, $"write {i}");
                host.Store.InsertRequest($"req-{w}-{i}", $"user-{w}", "a wish", null, null);
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal((Writers * Each).ToString(System.Globalization.CultureInfo.InvariantCulture), data.Get(key.PluginId, "anna", "hits"));
        Assert.Equal(Writers * Each, host.Store.GetAudit(key.PluginId).Count(e => e.Action == "load-test"));
        Assert.Equal(Writers * Each, Convert.ToInt32(RawSql.Scalar(host.StorePath, "SELECT COUNT(*) FROM requests WHERE id LIKE 'req-%'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void AssertHostsFault<T>(PluginOutcome<T> outcome)
    {
        Assert.False(outcome.IsCompleted);
        Assert.IsType<HostFaultException>(outcome.Exception);
        Assert.Contains("Not counted against the plugin", outcome.Message, StringComparison.Ordinal);
    }

    private static SqliteConnection LockTheFile(string path)
    {
        // What another process writing the same file looks like: a connection outside this host holding the write lock.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();
        return connection;
    }

    private Task<TestHost> StartAsync()
    {
        var model = new ScriptedChatClient();
        model.Reply(PluginSources.Fenced(PluginSources.OrderCounter));
        return TestHost.StartAsync(_directory.StorePath, model, o =>
        {
            o.Sandbox.Limits.Timeout = TimeSpan.FromSeconds(1);
            o.Sandbox.Limits.FaultsBeforeDisable = 2;
        });
    }
}
