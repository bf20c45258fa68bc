using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.Sqlite;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Hot swap in process: from ApproveAsync to the first completed call through GetAll (a new plugin, and a new version
/// replacing the live one), and from RevokeAsync to the plugin no longer served and its load context collected. Beside
/// them, the plain way: load the same DLL into a new collectible AssemblyLoadContext and call it; Unload and collect it.
/// </summary>
internal static class HotSwapHarness
{
    private const string User = "swap-user";
    private const string Wish = "20% off for groups of more than ten on weekdays";

    public static void Run(RunMode mode, ResultTable table)
    {
        var source = PluginFiles.Read(PluginFiles.Small);
        var host = BenchHost.StartAsync(new FixedAnswerChatClient(PluginFiles.Answer(source))).GetAwaiter().GetResult();
        try
        {
            var approveNew = new List<double>();
            var approveReplace = new List<double>();
            var oldCollected = new List<double>();
            var revoke = new List<double>();
            var revokeCollected = new List<double>();
            var plainLoad = new List<double>();
            var plainUnload = new List<double>();
            const int WarmUpCycles = 5;
            for (var i = 0; i < mode.HotSwapCycles + WarmUpCycles; i++)
            {
                var sample = Cycle(host);
                if (i >= WarmUpCycles)
                {
                    approveNew.Add(sample.ApproveNewMs);
                    approveReplace.Add(sample.ApproveReplaceMs);
                    oldCollected.Add(sample.OldCollectedMs);
                    revoke.Add(sample.RevokeMs);
                    revokeCollected.Add(sample.RevokeCollectedMs);
                    plainLoad.Add(sample.PlainLoadMs);
                    plainUnload.Add(sample.PlainUnloadMs);
                }
            }

            var load = Stats.Median(plainLoad);
            var unload = Stats.Median(plainUnload);
            var plainLoadText = $"ALC load + call {ResultTable.Time(load)}";
            Add(table, "approve → callable (new plugin)", approveNew, load, plainLoadText, ratioTarget: true);
            Add(table, "approve → callable (new version replaces the live one)", approveReplace, load, plainLoadText, ratioTarget: true);
            table.Add("hot swap", "replaced version's context collected (forced GC after the swap)", ResultTable.Time(Stats.Median(oldCollected)), $"ALC unload + collect {ResultTable.Time(unload)}", Stats.Median(oldCollected) / unload);
            table.Add("hot swap", "revoke → no longer served (RevokeAsync returned)", ResultTable.Time(Stats.Median(revoke)), string.Empty, null, "< 5 ms", Stats.Median(revoke) < 5);
            Add(table, "revoke → unloaded and collected (forced GC)", revokeCollected, unload, $"ALC unload + collect {ResultTable.Time(unload)}");
            Breakdown(host, mode.HotSwapCycles, table);
            table.Note($"Hot swap: medians of {mode.HotSwapCycles} cycles (after {WarmUpCycles} untimed) in one host, small plugin. \"Collected\" forces full collections until the load context's WeakReference dies (at most 10 rounds), as a host never does; without them the context goes at the next natural gen-2 collection.");
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Add(ResultTable table, string measurement, List<double> samples, double baseline, string baselineText, bool ratioTarget = false)
    {
        var median = Stats.Median(samples);
        var figure = $"{ResultTable.Time(median)} (p90 {ResultTable.Time(Stats.Percentile(samples, 0.9))})";
        if (ratioTarget)
        {
            table.Add("hot swap", measurement, figure, baselineText, median / baseline, "≤ 1.5x", median / baseline <= 1.5);
        }
        else
        {
            table.Add("hot swap", measurement, figure, baselineText, median / baseline, "< 5 ms", median < 5);
        }
    }

    /// <summary>
    /// Where approve's time goes: the steps of PluginApprovals.ApproveAsync (mirrored here with the same internal calls,
    /// so that each can be timed) and, inside PluginRuntime.Load, the two checks that re-read the stored DLL.
    /// </summary>
    private static void Breakdown(BenchHost host, int cycles, ResultTable table)
    {
        var steps = new Dictionary<string, List<double>>
        {
            ["store: read the version"] = [],
            ["PluginRuntime.LoadAsync (hash, IL scan, load context, instance)"] = [],
            ["… of which SHA-256 of the DLL"] = [],
            ["… of which IL scan of the DLL"] = [],
            ["store: Transition to Active (SQLite transaction)"] = [],
            ["PluginRuntime.Activate (swap, index, unload the old version)"] = [],
            ["store: read the version back"] = [],
        };
        var extensionPoint = host.Services.GetRequiredService<ExtensionPointRegistry>().All[0];
        var policy = host.Services.GetRequiredService<PluginCompiler>().PolicyFor(extensionPoint);
        var pluginId = host.RequestAsync(User, Wish).GetAwaiter().GetResult().PluginId;
        for (var i = 0; i < cycles; i++)
        {
            var key = host.RequestAsync(User, Wish, pluginId).GetAwaiter().GetResult();
            var started = Stopwatch.GetTimestamp();
            var version = host.Store.GetVersion(key)!;
            steps["store: read the version"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            var loaded = host.Runtime.LoadAsync(version, PluginPlacement.InProcess, CancellationToken.None).GetAwaiter().GetResult();
            steps["PluginRuntime.LoadAsync (hash, IL scan, load context, instance)"].Add(Stats.MillisecondsSince(started));

            var image = host.Store.GetImage(key)!.Dll;
            started = Stopwatch.GetTimestamp();
            _ = PluginCompiler.Sha256(image);
            steps["… of which SHA-256 of the DLL"].Add(Stats.MillisecondsSince(started));
            started = Stopwatch.GetTimestamp();
            _ = ILScanner.Scan(image, policy);
            steps["… of which IL scan of the DLL"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            new PluginLifecycle(host.Store).Approve(version, "bench-admin", null, [], PluginPlacement.InProcess);
            steps["store: Transition to Active (SQLite transaction)"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            host.Runtime.Activate(loaded);
            steps["PluginRuntime.Activate (swap, index, unload the old version)"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            _ = host.Store.GetVersion(key);
            steps["store: read the version back"].Add(Stats.MillisecondsSince(started));
        }

        host.Approvals.RevokeAsync(pluginId, "bench-admin", "benchmark").GetAwaiter().GetResult();
        var text = new System.Text.StringBuilder();
        text.AppendLine("| step | median | p90 |");
        text.AppendLine("|---|---|---|");
        foreach (var (step, samples) in steps)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {step} | {ResultTable.Time(Stats.Median(samples))} | {ResultTable.Time(Stats.Percentile(samples, 0.9))} |");
        }

        table.AddSection($"Where approve's time goes ({cycles} approvals of a new version, median per step)", text.ToString());
    }

    private readonly record struct Sample(double ApproveNewMs, double ApproveReplaceMs, double OldCollectedMs, double RevokeMs, double RevokeCollectedMs, double PlainLoadMs, double PlainUnloadMs);

    private static Sample Cycle(BenchHost host)
    {
        // Generation is not timed here: it is the pipeline's figure.
        var first = host.RequestAsync(User, Wish).GetAwaiter().GetResult();
        var next = host.RequestAsync(User, Wish, first.PluginId).GetAwaiter().GetResult();

        var started = Stopwatch.GetTimestamp();
        host.Approvals.ApproveAsync(first, "bench-admin").GetAwaiter().GetResult();
        CallLive(host, first);
        var approveNew = Stats.MillisecondsSince(started);

        var old = host.Runtime.LoadContextOf(first.PluginId)!;
        started = Stopwatch.GetTimestamp();
        host.Approvals.ApproveAsync(next, "bench-admin").GetAwaiter().GetResult();
        CallLive(host, next);
        var approveReplace = Stats.MillisecondsSince(started);
        started = Stopwatch.GetTimestamp();
        var collected = Unloading.WaitUntilCollected(old);
        var oldCollected = Stats.MillisecondsSince(started);

        var live = host.Runtime.LoadContextOf(next.PluginId)!;
        started = Stopwatch.GetTimestamp();
        host.Approvals.RevokeAsync(next.PluginId, "bench-admin", "benchmark").GetAwaiter().GetResult();
        var revoke = Stats.MillisecondsSince(started);
        if (host.Features.GetAll<ITicketPricingRule>(User).Count != 0)
        {
            throw new InvalidOperationException("A revoked plugin is still served.");
        }

        collected &= Unloading.WaitUntilCollected(live);
        var revokeCollected = Stats.MillisecondsSince(started);
        if (!collected)
        {
            throw new InvalidOperationException("A replaced or revoked plugin's load context was not collected: something holds it.");
        }

        var image = host.Store.GetImage(next)!;
        var (plainLoad, unloadStarted, handle) = LoadAndUnloadPlain(image.Dll, host.Store.GetVersion(next)!.TypeName);
        if (!Unloading.WaitUntilCollected(handle))
        {
            throw new InvalidOperationException("The plain load context was not collected.");
        }

        var plainUnload = Stats.MillisecondsSince(unloadStarted);
        return new Sample(approveNew, approveReplace, oldCollected, revoke, revokeCollected, plainLoad, plainUnload);
    }

    /// <summary>Finds the version among the user's features and calls it; no reference to it outlives this frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CallLive(BenchHost host, PluginVersionKey key)
    {
        var feature = host.Features.GetAll<ITicketPricingRule>(User).Single(f => f.Key == key);
        var outcome = feature.Invoke(rule => rule.Apply(Orders.WeekdayGroup));
        if (!outcome.IsCompleted || outcome.Value is null)
        {
            throw new InvalidOperationException($"{key} is not callable after approval: {outcome.Kind} {outcome.Message}");
        }
    }

    /// <summary>The plain way: load into a new collectible context and call (timed), then start unloading it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double LoadMs, long UnloadStarted, WeakReference Context) LoadAndUnloadPlain(byte[] dll, string typeName)
    {
        var started = Stopwatch.GetTimestamp();
        var (rule, context) = PlainCompiler.Load<ITicketPricingRule>(dll, typeName);
        if (rule.Apply(Orders.WeekdayGroup) is null)
        {
            throw new InvalidOperationException("The plainly loaded rule did not apply.");
        }

        var loadMs = Stats.MillisecondsSince(started);
        var unloadStarted = Stopwatch.GetTimestamp();
        context.Unload();
        return (loadMs, unloadStarted, new WeakReference(context));
    }
}
