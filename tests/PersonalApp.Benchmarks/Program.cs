using System.Diagnostics;
using PersonalApp.Benchmarks.Harness;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Micro;
using PersonalApp.Benchmarks.Reporting;

namespace PersonalApp.Benchmarks;

/// <summary>
/// What PersonalApp costs, side by side with what a developer would use instead, in one run:
/// <c>dotnet run -c Release --project tests/PersonalApp.Benchmarks -- --quick</c> (under ten minutes on two cores) or
/// <c>-- --full</c>. Ends with one table of figures and ratios, also written to a Markdown file. See docs/performance.md.
/// </summary>
internal static class Program
{
    private static readonly string[] Areas = ["pipeline", "stages", "invocation", "guards", "first-request", "hot-swap", "churn", "scale", "idle-unload"];

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--child", var child, .. var rest])
        {
            return await RunChildAsync(child, rest);
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine($"""
                dotnet run -c Release --project tests/PersonalApp.Benchmarks -- [--quick | --full] [--only AREA,...] [--scale-counts N,...] [--out FILE]
                  --quick  fewer iterations and cycles (default); under ten minutes on two cores
                  --full   BenchmarkDotNet's default iterations and the issue's counts (10,000 churn cycles)
                  --only   some of: {string.Join(", ", Areas)} (idle-unload runs only when named)
                  --scale-counts  the catalog sizes the scale area runs at, e.g. 100,1000,10000 (default: 100,1000; --full adds 10000)
                  --out    where to write the summary (default: results/summary-MODE.md beside the program)
                """);
            return 0;
        }

        var mode = args.Contains("--full") ? RunMode.Full : RunMode.Quick;
        if (Value(args, "--scale-counts") is { } counts)
        {
            var sizes = counts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (sizes.Length == 0 || sizes.Any(c => !int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < ScaleHarness.PluginsPerUser || n % ScaleHarness.PluginsPerUser != 0))
            {
                Console.Error.WriteLine($"--scale-counts takes catalog sizes separated by commas, each a multiple of {ScaleHarness.PluginsPerUser} (plugins per user), e.g. 100,1000,10000.");
                return 2;
            }

            mode = mode with { ScaleCounts = [.. sizes.Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))] };
        }

        // idle-unload (about eight minutes) runs only when named.
        var only = Value(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. Areas.Where(a => a != "idle-unload")];
        if (only.Except(Areas).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"Unknown area '{unknown}'. Choose from: {string.Join(", ", Areas)}.");
            return 2;
        }

        var output = Value(args, "--out") ?? Path.Combine(AppContext.BaseDirectory, "results", $"summary-{mode.Name}.md");
        var table = new ResultTable();
        var total = Stopwatch.GetTimestamp();
        var loadBefore = Machine.LoadAverage();

        if (only.Contains("pipeline") || only.Contains("stages"))
        {
            Timed($"JIT warm-up ({mode.JitWarmUpRounds} rounds of every compile path)", () => JitWarmUp.Run(mode.JitWarmUpRounds));
        }

        if (only.Contains("pipeline"))
        {
            Timed("pipeline", () => PipelineHarness.Run(mode, table));
        }

        if (only.Contains("stages"))
        {
            Timed("pipeline stages", () => StageBreakdownHarness.Run(mode, table));
        }

        if (only.Contains("guards"))
        {
            Timed("guards", () => GuardHarness.Run(mode, table));
        }

        var micro = new List<Type>();
        if (only.Contains("invocation"))
        {
            micro.Add(typeof(InvocationBenchmarks));
            micro.Add(typeof(IsolatedInvocationBenchmarks));
            micro.Add(typeof(ForwardedStorageBenchmarks));
        }

        if (only.Contains("guards") && mode.BenchmarkDotNetCrossChecks)
        {
            micro.Add(typeof(GuardBenchmarks));
        }

        if (only.Contains("pipeline") && mode.BenchmarkDotNetCrossChecks)
        {
            micro.Add(typeof(PipelineBenchmarks));
        }

        if (micro.Count > 0)
        {
            var results = Timed("BenchmarkDotNet", () => MicroRunner.Run(micro, mode.IsQuick, Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")));
            MicroReport.AddInvocation(results, table);
            MicroReport.AddGuardsCrossCheck(results, table);
            MicroReport.AddPipelineCrossCheck(results, table);
        }

        if (only.Contains("first-request"))
        {
            Timed("first request", () => FirstRequestHarness.Run(mode, table));
        }

        if (only.Contains("hot-swap"))
        {
            Timed("hot swap", () => HotSwapHarness.Run(mode, table));
        }

        if (only.Contains("churn"))
        {
            Timed("churn", () => ChurnHarness.Run(mode, table));
        }

        if (only.Contains("scale"))
        {
            Timed("scale", () => ScaleHarness.Run(mode, table));
        }

        if (only.Contains("idle-unload"))
        {
            Timed("idle unload", () => IdleUnloadHarness.Run(mode, table));
        }

        var summary = $"""
            ## PersonalApp benchmarks, {mode.Name} mode

            {Machine.Describe()}
            - command: `dotnet run -c Release --project tests/PersonalApp.Benchmarks -- {string.Join(' ', args)}`
            - took: {ResultTable.Time(Stats.MillisecondsSince(total))}
            - load average (1, 5, 15 min) of the machine: {loadBefore} at the start, {Machine.LoadAverage()} at the end

            {table.ToMarkdown()}
            """;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, summary);
        Console.WriteLine();
        Console.WriteLine(summary);
        Console.WriteLine($"Written to {output}");
        return 0;
    }

    private static async Task<int> RunChildAsync(string child, string[] arguments) => child switch
    {
        FirstRequestHarness.Child => await FirstRequestHarness.RunChildAsync(arguments),
        ChurnHarness.PersonalAppChild => ChurnHarness.RunPersonalAppChild(arguments),
        ChurnHarness.ScriptChild => ChurnHarness.RunScriptChild(arguments),
        ScaleHarness.PersonalAppChild => ScaleHarness.RunPersonalAppChild(arguments),
        ScaleHarness.PlainChild => ScaleHarness.RunPlainChild(arguments),
        IdleUnloadHarness.Child => IdleUnloadHarness.RunChild(arguments),
        RawEcho.Child => RawEcho.RunChild(arguments),
        _ => throw new ArgumentException($"There is no child named '{child}'.", nameof(child)),
    };

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static void Timed(string what, Action run) => Timed(what, () =>
    {
        run();
        return 0;
    });

    private static T Timed<T>(string what, Func<T> run)
    {
        Console.WriteLine($"== {what}");
        var started = Stopwatch.GetTimestamp();
        var result = run();
        Console.WriteLine($"== {what}: {ResultTable.Time(Stats.MillisecondsSince(started))}");
        return result;
    }
}
