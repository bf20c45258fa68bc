using System.Globalization;
using PersonalApp.Tests.TestUtilities;
using Xunit.Abstractions;

namespace PersonalApp.Tests.Fleet;

/// <summary>
/// Two or three host processes on one PostgreSQL catalog (a schema per test): an approval on one node is live on the
/// others, a revocation too, a node whose listening connection is killed catches up, two admins on two nodes cannot both
/// move one plugin, and a node killed with SIGKILL mid-approval leaves nothing half-written. Timings are reported, never asserted.
/// </summary>
[Collection(nameof(FleetTests))]
public sealed class FleetTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";
    private readonly string _schema = TestPostgres.NewSchema();
    private readonly ITestOutputHelper _output;
    private readonly List<FleetNode> _nodes = [];

    public FleetTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (TestPostgres.SkipReason() is null)
        {
            TestPostgres.DropSchema(_schema);
        }
    }

    [SkippableFact]
    public async Task Approve_OnNodeA_IsCallableOnNodeB_50TimesWithPropagationReported()
    {
        TestPostgres.RequireServer();
        var (a, b) = (await StartAsync("A"), await StartAsync("B"));
        const int Approvals = 50;
        var plugin = await RequestVersionsAsync(a, Approvals);

        var fromCall = new List<double>();
        var fromReturn = new List<double>();
        for (var version = 1; version <= Approvals; version++)
        {
            b.Send($"wait {plugin} {version} 30000");
            var approved = await a.OkAsync($"approve {plugin} {version}");
            var seen = await b.ReadAsync();
            Assert.True(seen.StartsWith("ok ", StringComparison.Ordinal), $"v{version} never became callable on B: {seen}\n{b.Log}");
            var seenAt = FleetNode.Ticks(seen[3..]);
            fromCall.Add((seenAt - FleetNode.Ticks(approved[0])).TotalMilliseconds);
            fromReturn.Add((seenAt - FleetNode.Ticks(approved[1])).TotalMilliseconds);
        }

        Assert.Equal($"{plugin}@{Approvals}", (await b.OkAsync("live anna")).Single());
        Report("approve on A -> callable on B, from the admin's call on A", fromCall);
        Report("approve on A -> callable on B, from the call's return on A", fromReturn);
    }

    [SkippableFact]
    public async Task Revoke_OnNodeB_IsGoneOnNodeA()
    {
        TestPostgres.RequireServer();
        var (a, b) = (await StartAsync("A"), await StartAsync("B"));
        var plugin = await RequestVersionsAsync(a, 1);
        await a.OkAsync($"approve {plugin} 1");
        await b.OkAsync($"wait {plugin} 1 30000");

        await b.OkAsync($"revoke {plugin}");

        await a.OkAsync($"wait {plugin} none 30000");
        Assert.DoesNotContain(await a.OkAsync("live anna"), s => s.StartsWith(plugin, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task ListenConnectionKilled_OnNodeB_ThenApprovalOnA_BCatchesUp()
    {
        TestPostgres.RequireServer();
        var (a, b) = (await StartAsync("A"), await StartAsync("B"));
        var plugin = await RequestVersionsAsync(a, 2);
        await a.OkAsync($"approve {plugin} 1");
        await b.OkAsync($"wait {plugin} 1 30000");

        var killed = TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'personalapp-listen-{b.ProcessId}') t");
        Assert.Equal(1L, killed);
        await a.OkAsync($"approve {plugin} 2");

        await b.OkAsync($"wait {plugin} 2 30000");

        // B's log arrives on its own stream, read in the background: it may trail the answer.
        await Eventually.WaitUntilAsync(() => b.Log.Contains("lost", StringComparison.Ordinal), "B logged that its listening connection was lost");
        Assert.Equal(1L, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'personalapp-listen-{b.ProcessId}'"));
    }

    [SkippableFact]
    public async Task TwoAdminsOnTwoNodes_ApproveTwoVersionsOfOnePluginAtOnce_ExactlyOneWinsTheOtherGetsPA0504()
    {
        TestPostgres.RequireServer();
        var (a, b) = (await StartAsync("A"), await StartAsync("B"));
        var plugin = await RequestVersionsAsync(a, 5);
        await a.OkAsync($"approve {plugin} 1");
        await b.OkAsync($"wait {plugin} 1 30000");

        foreach (var (first, second) in new[] { (2, 3), (4, 5) })
        {
            // Both nodes read the catalog and hold their write; released together, they write at one moment.
            var release = Path.Combine(Path.GetTempPath(), $"personalapp-fleet-release-{Guid.NewGuid():N}");
            await a.OkAsync($"hold-apply {release}");
            await b.OkAsync($"hold-apply {release}");
            a.Send($"approve {plugin} {first}");
            b.Send($"approve {plugin} {second}");
            await Eventually.WaitUntilAsync(() => File.Exists($"{release}.{a.ProcessId}.held") && File.Exists($"{release}.{b.ProcessId}.held"), "both nodes hold their approval's write");
            File.WriteAllText(release, string.Empty);
            var answers = new[] { await a.ReadAsync(), await b.ReadAsync() };

            Assert.Single(answers, x => x.StartsWith("ok", StringComparison.Ordinal));
            var loser = Assert.Single(answers, x => x.StartsWith("error", StringComparison.Ordinal));
            Assert.StartsWith("error PA0504", loser, StringComparison.Ordinal);
            var winner = answers[0].StartsWith("ok", StringComparison.Ordinal) ? first : second;
            Assert.Equal(1L, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM plugin_versions WHERE plugin_id = '{plugin}' AND status = 'Active'"));
            Assert.Equal("Active", TestPostgres.Scalar(_schema, $"SELECT status FROM plugin_versions WHERE plugin_id = '{plugin}' AND version = {winner}"));
            Assert.Equal("PendingApproval", TestPostgres.Scalar(_schema, $"SELECT status FROM plugin_versions WHERE plugin_id = '{plugin}' AND version = {(winner == first ? second : first)}"));
            await a.OkAsync($"wait {plugin} {winner} 30000");
            await b.OkAsync($"wait {plugin} {winner} 30000");
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(release) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [SkippableFact]
    public async Task NodeKilledWithSigkillMidApproval_LeavesNothingLostOrHalfWritten()
    {
        TestPostgres.RequireServer();
        var (a, b) = (await StartAsync("A"), await StartAsync("B"));
        const int Versions = 30;
        var plugin = await RequestVersionsAsync(a, Versions);

        // A approves v1..v30 one after another; it is killed while approving, after a few answers and a random pause.
        for (var version = 1; version <= Versions; version++)
        {
            a.Send($"approve {plugin} {version}");
        }

        var answered = 0;
        var killAfter = Random.Shared.Next(3, 12);
        while (answered < killAfter)
        {
            Assert.StartsWith("ok", await a.ReadAsync(), StringComparison.Ordinal);
            answered++;
        }

        await Task.Delay(Random.Shared.Next(0, 15));
        a.KillNine();

        // Every approval that answered is kept; every version is whole: pending, or approved with its audit entries.
        var approved = Convert.ToInt32(TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM plugin_versions WHERE plugin_id = '{plugin}' AND status <> 'PendingApproval'"), CultureInfo.InvariantCulture);
        _output.WriteLine($"A answered {answered} approvals before SIGKILL; the catalog holds {approved}");
        Assert.InRange(approved, answered, Versions);
        Assert.Equal(1L, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM plugin_versions WHERE plugin_id = '{plugin}' AND status = 'Active'"));
        Assert.Equal((long)approved, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM plugin_versions WHERE plugin_id = '{plugin}' AND version <= {approved} AND status IN ('Active', 'Superseded')"));
        Assert.Equal((long)approved, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM audit_log WHERE plugin_id = '{plugin}' AND action = 'approved'"));
        Assert.Equal((long)approved - 1, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM audit_log WHERE plugin_id = '{plugin}' AND action = 'superseded'"));
        // The server rolls back the killed node's open transaction once its backend sees the socket closed: wait for that
        // (bounded), then nothing may be left holding a write.
        object? openWrites = null;
        for (var tries = 0; tries < 100 && !Equals(openWrites, 0L); tries++)
        {
            openWrites = TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND application_name NOT LIKE 'personalapp-listen-%' AND backend_xid IS NOT NULL");
            if (!Equals(openWrites, 0L))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(0L, openWrites);

        // The fleet carries on: B serves the active version, and a new node starts with it.
        await b.OkAsync($"wait {plugin} {approved} 30000");
        var c = await StartAsync("C");
        await c.OkAsync($"wait {plugin} {approved} 30000");
        await c.OkAsync($"approve {plugin} {approved + 1}");
        await b.OkAsync($"wait {plugin} {approved + 1} 30000");
    }

    private async Task<FleetNode> StartAsync(string name)
    {
        var node = await FleetNode.StartAsync(name, _schema);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Asks node A for a plugin and then for changes to it: <paramref name="count"/> pending versions of one plugin.</summary>
    private static async Task<string> RequestVersionsAsync(FleetNode node, int count)
    {
        var first = await node.OkAsync($"request anna - {Wish}");
        var plugin = first[0];
        for (var i = 2; i <= count; i++)
        {
            var next = await node.OkAsync($"request anna {plugin} {Wish}, version {i}");
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), next[1]);
        }

        return plugin;
    }

    private void Report(string what, List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
        var slowest = milliseconds.IndexOf(sorted[^1]) + 1;
        var line = FormattableString.Invariant($"{what}: n={sorted.Count}, median {median:F1} ms, p99 {p99:F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms (approval {slowest} of {sorted.Count})");
        _output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("PERSONALAPP_FLEET_FIGURES") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }
}
