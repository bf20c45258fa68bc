using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sandbox;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.SecurityTests.Isolation;
using PersonalApp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PersonalApp.SecurityTests.Load;

/// <summary>
/// A bounded load run, in process and isolated: users ask for features, an admin approves and another revokes, and
/// users call their features, all at once for a fixed time. It must end with no hang, no exception escaping an API that
/// answers with results or documented diagnostics, and a consistent state: one active version per plugin at most, the
/// runtime serving exactly what the catalog says is active, nothing left running, every decision audited, and every
/// completed call's storage write counted once. The figures go to the test output (and to
/// <c>PERSONALAPP_LOAD_FIGURES</c> when set, which CI prints); <c>PERSONALAPP_LOAD_SECONDS</c> sets the length.
/// </summary>
[Collection("isolation")]
public sealed class LoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Counter = ProbeSources.StorageCounter;

    private static readonly string[] Users = ["anna", "ben", "chloe", "dev"];

    /// <summary>How long an operation may take before the run counts it as hung.</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(TestRun.Root, "load-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHosts.StopAndDeleteAsync(_folder, _host);

    [Theory]
    [InlineData(PlacementDefault.InProcess)]
    [InlineData(PlacementDefault.Isolated)]
    public async Task Run_RequestsApprovalsRevocationsAndCallsAtOnce_NoHangNoEscapeConsistentState(PlacementDefault placement)
    {
        var duration = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("PERSONALAPP_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 8);
        var model = new ScriptedChatClient { Fallback = _ => "```csharp\n" + Counter + "\n```" };
        var storePath = Path.Combine(_folder, "load.db");
        _host = await TestHosts.StartAsync(
            model,
            storePath,
            o =>
            {
                o.DefaultPlacement = placement;
                o.Isolation.WorkDirectory = Path.Combine(_folder, "isolation");
            },
            p => p.AddExtensionPoint<IIsolatedProbe>(ep => ep.Limits = new SandboxLimits { Timeout = TimeSpan.FromSeconds(10), FaultsBeforeDisable = 3 }));

        // One live feature per user before the clock starts, so calls run from the first second.
        foreach (var user in Users)
        {
            var seeded = await _host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest(user, "count my calls") { ExtensionPoint = "IsolatedProbe" });
            Assert.True(seeded.IsPendingApproval, seeded.ToString());
            await _host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(seeded.Plugin!.Value, new ApprovalDecision("admin-amy") { GrantedCapabilities = new HashSet<string>(["storage"], StringComparer.Ordinal) });
        }

        var run = new LoadRun(_host.Services, duration);

        var work = Task.WhenAll(
            run.Loop("request", Request),
            run.Loop("request", Request),
            run.Loop("approve", Approve),
            run.Loop("revoke", Revoke),
            run.Loop("invoke", Invoke),
            run.Loop("invoke", Invoke),
            run.Loop("invoke", Invoke));
        var ended = await Task.WhenAny(work, Task.Delay(duration + HangAfter));
        var report = run.Figures.Report($"load run, {placement}", duration);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("PERSONALAPP_LOAD_FIGURES") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + Environment.NewLine);
        }

        Assert.True(ended == work, $"the load run did not end within {HangAfter} of its {duration}: an operation hung.\n{report}");
        await work;
        Assert.True(run.Figures.Escaped.Count == 0, "exceptions escaped:\n" + string.Join("\n", run.Figures.Escaped.Take(20)));
        Assert.True(run.Figures.Count("approve", "approved") > 0 && run.Figures.Count("invoke", nameof(PluginOutcomeKind.Completed)) > 0, report);
        await AssertConsistentAsync(run, storePath);
    }

    private static async Task<string> Request(IServiceProvider services, Random random)
    {
        var user = Users[random.Next(Users.Length)];
        var features = services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>(user);

        // Half the time a change of one of the user's live features (a new version that will replace it), else a new one.
        var change = features.Count > 0 && random.Next(2) == 0 ? features[random.Next(features.Count)].Key.PluginId : null;
        var result = await services.GetRequiredService<IPersonalizer>().RequestAsync(
            new PersonalizationRequest(user, $"count my calls, variant {random.Next():x}") { ExtensionPoint = "IsolatedProbe", PluginId = change });
        return result.IsPendingApproval ? "pending" : result.Kind + " " + string.Join(",", result.Diagnostics.Select(d => d.Id).Distinct());
    }

    private static async Task<string> Approve(IServiceProvider services, Random random)
    {
        var approvals = services.GetRequiredService<IPluginApprovals>();
        var pending = await approvals.ListAsync();
        if (pending.Count == 0)
        {
            await Task.Delay(20);
            return "nothing pending";
        }

        var version = pending[random.Next(pending.Count)];
        await approvals.ApproveAsync(version.Key, new ApprovalDecision("admin-amy", "load test") { GrantedCapabilities = new HashSet<string>(["storage"], StringComparer.Ordinal) });
        return "approved";
    }

    private static async Task<string> Revoke(IServiceProvider services, Random random)
    {
        await Task.Delay(random.Next(100, 400));
        var approvals = services.GetRequiredService<IPluginApprovals>();
        var active = await approvals.ListAsync(PluginStatus.Active);
        if (active.Count < 3)
        {
            return "kept (fewer than 3 live)";
        }

        await approvals.RevokeAsync(active[random.Next(active.Count)].Key.PluginId, "admin-bob", "load test");
        return "revoked";
    }

    private static async Task<string> Invoke(IServiceProvider services, Random random)
    {
        var user = Users[random.Next(Users.Length)];
        var features = services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>(user);
        if (features.Count == 0)
        {
            // All of this user's features were revoked: look again shortly.
            await Task.Delay(5);
            return "no feature";
        }

        var feature = features[random.Next(features.Count)];
        var outcome = feature.Invoke(p => p.Run(new ProbeRequest("x", 1)));
        return outcome.IsCompleted ? outcome.Kind.ToString() : $"{outcome.Kind} ({Reason(outcome.Message)})";
    }

    /// <summary>The first words of a failed call's message, enough to tell its kinds apart in the figures.</summary>
    private static string Reason(string? message)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(message ?? "no message", @"Plugin \S+ v\d+", "Plugin P");
        var end = text.IndexOfAny(['.', ':', ';']);
        return end is > 0 and < 70 ? text[..end] : text[..Math.Min(text.Length, 70)];
    }

    private async Task AssertConsistentAsync(LoadRun run, string storePath)
    {
        var services = _host!.Services;
        var approvals = services.GetRequiredService<IPluginApprovals>();
        var all = await approvals.ListAsync(status: null);

        // One active version per plugin at most, and the runtime serves exactly the active ones (owners see their own).
        var active = all.Where(v => v.Status == PluginStatus.Active).ToList();
        Assert.All(active.GroupBy(v => v.Key.PluginId), g => Assert.Single(g));
        var served = Users.SelectMany(u => services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>(u)).Select(f => f.Key).ToHashSet();
        Assert.Equal(active.Select(v => v.Key).OrderBy(k => k.ToString(), StringComparer.Ordinal), served.OrderBy(k => k.ToString(), StringComparer.Ordinal));

        // No plugin was disabled: the counter never fails on its own, and the host's contention is never its fault.
        Assert.DoesNotContain(all, v => v.Status == PluginStatus.Disabled);

        // Every decision that returned is in the audit log (superseded versions are audited too, so at least as many).
        var audit = await approvals.GetAuditLogAsync();
        Assert.True(audit.Count(e => e.Action == AuditActions.Approved) >= run.Figures.Count("approve", "approved"));
        Assert.True(audit.Count(e => e.Action == AuditActions.Revoked) >= run.Figures.Count("revoke", "revoked"));

        using var connection = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM requests WHERE status = 'running'"));

        // Every completed call wrote its increment once; a call that failed may or may not have written before it failed.
        var stored = Scalar(connection, "SELECT COALESCE(SUM(CAST(value AS INTEGER)), 0) FROM plugin_data WHERE key = 'count'");
        var completed = run.Figures.Count("invoke", nameof(PluginOutcomeKind.Completed));
        var failed = run.Figures.Count("invoke") - completed - run.Figures.Count("invoke", "no feature");
        Assert.InRange(stored, completed, completed + failed);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The loops of one run: each repeats its operation until the time is up, recording results and escapes.</summary>
    private sealed class LoadRun(IServiceProvider services, TimeSpan duration)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _seed = 1;

        public LoadFigures Figures { get; } = new();

        public Task Loop(string operation, Func<IServiceProvider, Random, Task<string>> step) => Task.Run(async () =>
        {
            var random = new Random(Interlocked.Increment(ref _seed));
            while (_clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                string result;
                try
                {
                    result = await step(services, random);
                }
                catch (PersonalizationException ex)
                {
                    // A documented refusal (another admin acted first, a state that does not allow it): a result, not an escape.
                    result = ex.DiagnosticId;
                }
                catch (Exception ex)
                {
                    Figures.Escape(operation, ex);
                    result = "escaped " + ex.GetType().Name;
                }

                Figures.Record(operation, result, Stopwatch.GetElapsedTime(started));
            }
        });
    }
}
