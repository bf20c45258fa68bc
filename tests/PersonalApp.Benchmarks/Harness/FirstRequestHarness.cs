using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Testing;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// The first request after start-up, each variant in fresh processes so nothing is JIT-compiled or loaded yet, compared
/// with a warm request (the median of the later half of the requests that follow it in the same process):
/// PersonalizationOptions.WarmUpCompiler off; on (the request arrives once the warm-up service, which runs one whole
/// request for the worked example on a throw-away catalog, has finished); and on plus one more compile of the example
/// through PluginCompiler.Compile, to show whether compiling more at start-up would still buy anything.
/// </summary>
internal static class FirstRequestHarness
{
    public const string Child = "first-request";

    private static readonly (string Variant, string Measurement, bool Target)[] Variants =
    [
        ("off", "first request, warm-up service off", false),
        ("on", "first request, warm-up service on (after it finished)", true),
        ("example", "first request, warm-up service on plus the example through PluginCompiler.Compile again", false),
    ];

    public static void Run(RunMode mode, ResultTable table)
    {
        var runs = Variants.ToDictionary(v => v.Variant, _ => new List<IReadOnlyDictionary<string, double>>());
        for (var i = 0; i < mode.FirstRequestProcesses; i++)
        {
            foreach (var (variant, _, _) in Variants)
            {
                runs[variant].Add(ChildProcess.Run(Child, variant, mode.WarmRequests.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var warm = Stats.Median(runs.Values.SelectMany(r => r).Select(r => r["warmMs"]));
        foreach (var (variant, measurement, target) in Variants)
        {
            var first = Stats.Median(runs[variant].Select(r => r["firstMs"]));
            var ratio = Stats.Median(runs[variant].Select(r => r["firstMs"] / r["warmMs"]));
            table.Add("first request", measurement, ResultTable.Time(first), $"warm request {ResultTable.Time(warm)}", ratio, target ? "≤ 2x" : string.Empty, target ? ratio <= 2 : null);
        }

        table.Add("first request", "warm-up service: host start to warm-up finished (in the background)", ResultTable.Time(Stats.Median(runs["on"].Select(r => r["warmUpMs"]))));
        table.Add("first request", "warm-up service plus the extra compile: host start to finished", ResultTable.Time(Stats.Median(runs["example"].Select(r => r["warmUpMs"]))));
        table.Note($"First request: median of {mode.FirstRequestProcesses} fresh processes per variant, small plugin, scripted model; each process's ratio is its first request over the median of the later half of the {mode.WarmRequests} requests after it.");
    }

    /// <summary>In the child: start a host, let the warm-up finish, then time the first request and those after it.</summary>
    public static async Task<int> RunChildAsync(string[] arguments)
    {
        var variant = arguments[0];
        var warmRequests = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        var source = PluginFiles.Read(PluginFiles.Small);
        var model = new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(source) };
        var started = Stopwatch.GetTimestamp();
        await using var host = await BenchHost.StartAsync(model, warmUpCompiler: variant != "off");
        await host.WarmUp.Completed;
        if (variant == "example")
        {
            // One more compile of the worked example after the service's whole request: whether more compiling still helps.
            var extensionPoint = host.Services.GetRequiredService<ExtensionPointRegistry>().All[0];
            var compiled = host.Services.GetRequiredService<PluginCompiler>().Compile(extensionPoint.Examples[0].Source, extensionPoint, "PersonalApp.WarmUp.Example", default);
            if (!compiled.Succeeded)
            {
                throw new InvalidOperationException("The worked example does not compile.");
            }
        }

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
            ["warmMs"] = Stats.Median(times.Skip(times.Count / 2)),
            ["warmUpMs"] = warmUpMs,
        });
        return 0;
    }
}
