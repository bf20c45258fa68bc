using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// A catalog larger than one process can map, every user served: 10,000 active in-process plugins (1,000 users of 10),
/// each user's GetAll and a call, twice over, with <see cref="PersonalizationOptions.MaxLoadedInProcess"/> at 4,000. Without
/// the limit the process dies at about 9,000 load contexts (Linux's default <c>vm.max_map_count</c>); with it, the versions
/// handed out least recently are unloaded and load again on use. The GetAlls made before the limit is reached (loads
/// only) are the baseline of those made after (a load and an unload each).
/// </summary>
internal static class IdleUnloadHarness
{
    public const string Child = "idle-unload";

    private const int Limit = 4_000;

    public static void Run(RunMode mode, ResultTable table)
    {
        var plugins = mode.ScaleCounts is { Count: > 0 } counts ? counts.Max() : 10 * mode.ScalePlugins;
        var directory = BenchHost.NewDirectory();
        try
        {
            ScaleHarness.Seed(directory, plugins, Math.Min(plugins, mode.ScaleDistinctBuilds));
            var figures = ChildProcess.Run(Child, directory, plugins.ToString(CultureInfo.InvariantCulture), Limit.ToString(CultureInfo.InvariantCulture));
            var count = ResultTable.Count(plugins);
            var limit = ResultTable.Count(Limit);
            var users = plugins / ScaleHarness.PluginsPerUser;
            table.Add("idle-unload", $"{count} plugins, MaxLoadedInProcess {limit}: every user's GetAll and a call, twice over ({ResultTable.Count(2 * users)} GetAlls, {ResultTable.Count(2 * plugins)} loads)", ResultTable.Time(figures["totalMs"]), "without the limit the process dies at about 9,000 loaded", null, "completes", figures["served"] == 2 * plugins);
            table.Add("idle-unload", "a user's first GetAll once the limit is reached (loads 10, unloads 10)", ResultTable.Time(figures["afterMedianMs"]), $"before the limit (loads 10) {ResultTable.Time(figures["beforeMedianMs"])}", figures["afterMedianMs"] / figures["beforeMedianMs"]);
            table.Add("idle-unload", "the same, p99", ResultTable.Time(figures["afterP99Ms"]), $"before the limit {ResultTable.Time(figures["beforeP99Ms"])}", figures["afterP99Ms"] / figures["beforeP99Ms"]);
            table.Add("idle-unload", "the first call of each of the 10 features handed out, together", ResultTable.Time(figures["callsMedianMs"]));
            table.Add("idle-unload", "versions loaded in process at the end", ResultTable.Count((int)figures["loadedAtEnd"]), $"limit {limit}", null, $"≤ {limit}", figures["loadedAtEnd"] <= Limit);
            table.Add("idle-unload", "memory mappings of the process at the end (no GC forced)", ResultTable.Count((int)figures["mapsAtEnd"]), "vm.max_map_count 65,530");
            table.Note($"Idle unload: {count} seeded plugins ({ResultTable.Count(Math.Min(plugins, mode.ScaleDistinctBuilds))} distinct builds), one process, users walked in order twice, so every GetAll after the first {ResultTable.Count(Limit / ScaleHarness.PluginsPerUser)} finds its versions unloaded; no collection is forced (the runtime never forces one).");
        }
        finally
        {
            BenchHost.DeleteDirectory(directory);
        }
    }

    public static int RunChild(string[] arguments)
    {
        var directory = arguments[0];
        var plugins = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        var limit = int.Parse(arguments[2], CultureInfo.InvariantCulture);
        using var host = BenchHost.Build(directory, new FixedAnswerChatClient(string.Empty), warmUpCompiler: false, o => o.MaxLoadedInProcess = limit);
        host.StartAsync().GetAwaiter().GetResult();
        var runtime = host.Services.GetRequiredService<PluginRuntime>();
        runtime.WarmedUp.GetAwaiter().GetResult();
        var features = host.Services.GetRequiredService<IPersonalFeatures>();
        var users = Enumerable.Range(0, plugins / ScaleHarness.PluginsPerUser).Select(ScaleHarness.User).ToList();
        var order = new TicketOrder(new DateOnly(2026, 12, 2), 12, 0, 0, 20m, 10m, 12m);
        var before = new List<double>();
        var after = new List<double>();
        var calls = new List<double>();
        var served = 0;
        var total = Stopwatch.GetTimestamp();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var user in users)
            {
                var full = runtime.LoadedInProcess >= limit;
                var started = Stopwatch.GetTimestamp();
                var handedOut = features.GetAll<ITicketPricingRule>(user);
                (full ? after : before).Add(Stats.MillisecondsSince(started));
                started = Stopwatch.GetTimestamp();
                foreach (var feature in handedOut)
                {
                    served += feature.Invoke(order, static (rule, o) => rule.Apply(o)).IsCompleted ? 1 : 0;
                }

                calls.Add(Stats.MillisecondsSince(started));
            }
        }

        var totalMs = Stats.MillisecondsSince(total);
        var loadedAtEnd = runtime.LoadedInProcess;
        var maps = File.Exists("/proc/self/maps") ? File.ReadLines("/proc/self/maps").Count() : 0;
        host.StopAsync().GetAwaiter().GetResult();
        ChildProcess.Report(new Dictionary<string, double>
        {
            ["totalMs"] = totalMs,
            ["served"] = served,
            ["beforeMedianMs"] = Stats.Median(before),
            ["beforeP99Ms"] = Stats.Percentile(before, 0.99),
            ["afterMedianMs"] = Stats.Median(after),
            ["afterP99Ms"] = Stats.Percentile(after, 0.99),
            ["callsMedianMs"] = Stats.Median(calls),
            ["loadedAtEnd"] = loadedAtEnd,
            ["mapsAtEnd"] = maps,
        });
        return 0;
    }
}
