using System.Diagnostics;
using Microsoft.Extensions.Options;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Pipeline overhead, everything but the model's own time, at three plugin sizes, side by side with what a developer
/// would use instead: plain <c>CSharpCompilation.Emit</c> of the same source (the baseline) and <c>CSharpScript</c>
/// compiling equivalent code. The four are interleaved, round by round in rotating order, and each ratio is the median of
/// the rounds' own ratios, so a neighbour's build slowing the machine for a while moves numerator and denominator alike.
/// (BenchmarkDotNet's PipelineBenchmarks measure the same four one case after another; full mode runs them as a cross-check.)
/// </summary>
internal static class PipelineHarness
{
    private const string Emit = "CSharpCompilation.Emit";
    private const string Script = "CSharpScript compile + load";
    private const string Compile = "PluginCompiler.Compile";
    private const string Pipeline = "IPersonalizer.RequestAsync";
    private const int WarmUpRounds = 3;

    public static void Run(RunMode mode, ResultTable table)
    {
        foreach (var plugin in PluginFiles.Sizes)
        {
            var rounds = Measure(plugin, mode.PipelineRounds);
            var area = $"pipeline, {SizeName(plugin)} ({PluginFiles.Lines(plugin)} lines)";
            var emit = Stats.Median(rounds.Select(r => r[Emit]));
            var emitText = $"CSharpCompilation.Emit {ResultTable.Time(emit)}";
            var pipelineRatio = Ratio(rounds, Pipeline);
            table.Add(area, "IPersonalizer.RequestAsync, scripted model (validate → store)", Median(rounds, Pipeline), emitText, pipelineRatio, "≤ 1.5x", pipelineRatio <= 1.5);
            table.Add(area, "PluginCompiler.Compile alone (policy, guards, emit, IL scan; no PDB)", Median(rounds, Compile), emitText, Ratio(rounds, Compile));
            table.Add(area, "CSharpScript compile + load of equivalent code", Median(rounds, Script), emitText, Ratio(rounds, Script));
        }

        table.Note($"Pipeline: {mode.PipelineRounds} interleaved rounds per size after {WarmUpRounds} untimed ones, a full collection before each timed operation; figures are medians, ratios the median of each round's ratio to plain emit. Plain emit uses PluginCompiler's own options (C# 14, Release, deterministic, no concurrent build) and references, without PDB.");
    }

    private static string Median(List<Dictionary<string, double>> rounds, string path) => ResultTable.Time(Stats.Median(rounds.Select(r => r[path])));

    private static double Ratio(List<Dictionary<string, double>> rounds, string path) => Stats.Median(rounds.Select(r => r[path] / r[Emit]));

    private static List<Dictionary<string, double>> Measure(string plugin, int rounds)
    {
        var source = PluginFiles.Read(plugin);
        var script = PluginFiles.AsScript(plugin);
        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        var model = new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(source) };
        var host = BenchHost.StartAsync(model).GetAwaiter().GetResult();
        try
        {
            var paths = new (string Name, Action Run)[]
            {
                (Emit, () => PlainCompiler.Emit(source, "Plain")),
                (Script, () => ScriptCompiler.Compile(script)),
                (Compile, () =>
                {
                    if (!compiler.Compile(source, extensionPoint, "Sandboxed", default).Succeeded)
                    {
                        throw new InvalidOperationException($"{plugin} does not pass the sandbox.");
                    }
                }),
                (Pipeline, () => host.RequestAsync("bench-user", "20% off for groups of more than ten on weekdays").GetAwaiter().GetResult()),
            };

            var results = new List<Dictionary<string, double>>();
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                var times = new Dictionary<string, double>();
                for (var i = 0; i < paths.Length; i++)
                {
                    var (name, run) = paths[(i + Math.Max(round, 0)) % paths.Length];
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var started = Stopwatch.GetTimestamp();
                    run();
                    times[name] = Stats.MillisecondsSince(started);
                }

                if (round >= 0)
                {
                    results.Add(times);
                }
            }

            return results;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string SizeName(string plugin) => plugin switch
    {
        PluginFiles.Small => "small",
        PluginFiles.Medium => "medium",
        _ => "large",
    };
}
