using System.Diagnostics;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Testing;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// The first request after start-up, with PersonalizationOptions.WarmUpCompiler on (the request arrives once the warm-up
/// service has finished) and off, each in fresh processes so nothing is JIT-compiled or loaded yet; compared with the
/// median of the requests that follow it in the same process.
/// </summary>
internal static class FirstRequestHarness
{
    public const string Child = "first-request";

    public static void Run(RunMode mode, ResultTable table)
    {
        var runs = new Dictionary<bool, List<IReadOnlyDictionary<string, double>>> { [true] = [], [false] = [] };
        for (var i = 0; i < mode.FirstRequestProcesses; i++)
        {
            foreach (var warmUp in new[] { false, true })
            {
                runs[warmUp].Add(ChildProcess.Run(Child, warmUp ? "on" : "off", mode.WarmRequests.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var warm = Stats.Median(runs.Values.SelectMany(r => r).Select(r => r["warmMs"]));
        foreach (var warmUp in new[] { false, true })
        {
            var first = Stats.Median(runs[warmUp].Select(r => r["firstMs"]));
            var ratio = Stats.Median(runs[warmUp].Select(r => r["firstMs"] / r["warmMs"]));
            table.Add(
                "first request",
                warmUp ? "first request, warm-up service on (after it finished)" : "first request, warm-up service off",
                ReportTime(first),
                $"warm request {ResultTable.Time(warm)}",
                ratio,
                warmUp ? "≤ 3x" : string.Empty,
                warmUp ? ratio <= 3 : null);
        }

        var warmUpTook = Stats.Median(runs[true].Select(r => r["warmUpMs"]));
        table.Add("first request", "warm-up service, start to finished (in the background)", ResultTable.Time(warmUpTook));
        table.Note($"First request: median of {mode.FirstRequestProcesses} fresh processes per variant, small plugin, scripted model; each process's ratio is its first request over the median of the {mode.WarmRequests} requests after it.");
    }

    private static string ReportTime(double milliseconds) => ResultTable.Time(milliseconds);

    /// <summary>In the child: start a host, optionally wait for the warm-up, then time the first and the following requests.</summary>
    public static async Task<int> RunChildAsync(string[] arguments)
    {
        var warmUp = arguments[0] == "on";
        var warmRequests = int.Parse(arguments[1], System.Globalization.CultureInfo.InvariantCulture);
        var source = PluginFiles.Read(PluginFiles.Small);
        var model = new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(source) };
        var started = Stopwatch.GetTimestamp();
        await using var host = await BenchHost.StartAsync(model, warmUpCompiler: warmUp);
        await host.WarmUp.Completed;
        var warmUpMs = Stats.MillisecondsSince(started);

        var first = Stopwatch.GetTimestamp();
        await host.RequestAsync("first-user", "20% off for groups of more than ten on weekdays");
        var firstMs = Stats.MillisecondsSince(first);

        var times = new List<double>();
        for (var i = 0; i < warmRequests; i++)
        {
            var request = Stopwatch.GetTimestamp();
            await host.RequestAsync("first-user", "20% off for groups of more than ten on weekdays");
            times.Add(Stats.MillisecondsSince(request));
        }

        ChildProcess.Report(new Dictionary<string, double>
        {
            ["firstMs"] = firstMs,
            ["warmMs"] = Stats.Median(times),
            ["warmUpMs"] = warmUpMs,
        });
        return 0;
    }
}
