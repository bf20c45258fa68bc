using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Sandbox;
using PersonalApp.Sqlite;
using PersonalApp.Testing;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Where the pipeline's time goes: each stage timed on its own, in the order PluginCompiler.Compile and the Personalizer
/// run them, per plugin size. It mirrors PluginCompiler.Compile's steps with the same internal calls, so it explains the
/// ratios rather than adding a figure of its own; if the compiler's steps change, change them here too.
/// </summary>
internal static class StageBreakdownHarness
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private static readonly string[] Stages =
    [
        "validate", "prompt", "extract (parses once)", "constructs check", "compilation (declarations, contract check)",
        "symbol policy (layer 1, binds the source)", "guard injection (layer 3, same semantic model)", "emit guarded DLL (no PDB)",
        "IL scan (layer 2)", "store (SQLite)",
    ];

    private const string PlainWithoutNullable = "plain emit without nullable analysis (PluginCompiler's parse options)";

    public static void Run(RunMode mode, ResultTable table)
    {
        var text = new StringBuilder();
        text.AppendLine("| stage | " + string.Join(" | ", PluginFiles.Sizes.Select(s => $"{s} ({PluginFiles.Lines(s)} lines)")) + " |");
        text.AppendLine("|---|" + string.Concat(PluginFiles.Sizes.Select(_ => "---|")));
        var medians = PluginFiles.Sizes.ToDictionary(s => s, s => Measure(s, mode.StageRuns));
        foreach (var stage in Stages.Append("sum of the stages").Append("plain CSharpCompilation.Emit, for scale").Append(PlainWithoutNullable))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {string.Join(" | ", PluginFiles.Sizes.Select(s => ResultTable.Time(medians[s][stage])))} |");
        }

        table.AddSection("Where the pipeline's time goes (median per stage)", text.ToString());
    }

    private static Dictionary<string, double> Measure(string plugin, int runs)
    {
        var source = PluginFiles.Read(plugin);
        var answer = PluginFiles.Answer(source);
        var model = new ScriptedChatClient { Fallback = _ => answer };
        var host = BenchHost.StartAsync(model).GetAwaiter().GetResult();
        try
        {
            var services = host.Services;
            var extensionPoint = services.GetRequiredService<ExtensionPointRegistry>().All[0];
            var compiler = services.GetRequiredService<PluginCompiler>();
            var policy = compiler.PolicyFor(extensionPoint);
            var validator = services.GetRequiredService<PersonalizationRequestValidator>();
            var prompts = services.GetRequiredService<PromptBuilder>();
            var extractor = services.GetRequiredService<CodeExtractor>();
            var store = host.Store;
            var references = PlainCompiler.References;
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithOptimizationLevel(OptimizationLevel.Release)
                .WithDeterministic(true)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithConcurrentBuild(false);

            var samples = Stages.Append("plain CSharpCompilation.Emit, for scale").Append(PlainWithoutNullable).ToDictionary(s => s, _ => new List<double>());
            for (var run = -2; run < runs; run++)
            {
                var times = new Dictionary<string, double>();
                var request = new PersonalizationRequest("stage-user", Wish);
                var started = Stopwatch.GetTimestamp();
                if (!validator.Validate(request).IsValid)
                {
                    throw new InvalidOperationException("The request is invalid.");
                }

                times["validate"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var messages = prompts.Initial(extensionPoint, policy, Wish, null);
                times["prompt"] = Stats.MillisecondsSince(started);
                GC.KeepAlive(messages);

                started = Stopwatch.GetTimestamp();
                var extraction = extractor.Extract(answer, extensionPoint, 64 * 1024);
                times["extract (parses once)"] = Stats.MillisecondsSince(started);

                var name = $"PersonalApp.Plugin.stage.r{run + 2}";
                var tree = extraction.Tree!.WithFilePath(name + ".cs");
                started = Stopwatch.GetTimestamp();
                Require(SymbolPolicyAnalyzer.CheckConstructs(tree, default), "constructs");
                times["constructs check"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var usings = CSharpSyntaxTree.ParseText(SourceText.From(PluginCompiler.ImplicitUsings(extensionPoint), Encoding.UTF8), PluginCompiler.ParseOptions, "ImplicitUsings.cs");
                var compilation = CSharpCompilation.Create(name, [tree, usings], references, options);
                if (compilation.GetTypeByMetadataName(extensionPoint.ContractType.FullName!) is null)
                {
                    throw new InvalidOperationException("The contract is not among the references.");
                }

                times["compilation (declarations, contract check)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var semanticModel = compilation.GetSemanticModel(tree);
                Require(SymbolPolicyAnalyzer.Inspect(policy, semanticModel, tree, default).Problems, "policy");
                times["symbol policy (layer 1, binds the source)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var guarded = compilation.ReplaceSyntaxTree(tree, GuardInjector.Rewrite(tree, semanticModel, default));
                times["guard injection (layer 3, same semantic model)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                using var dll = new MemoryStream();
                var emitted = guarded.Emit(dll);
                if (!emitted.Success)
                {
                    throw new InvalidOperationException("The guarded code did not emit: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3)));
                }

                times["emit guarded DLL (no PDB)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var image = dll.ToArray();
                Require(ILScanner.Scan(image, policy), "IL scan");
                times["IL scan (layer 2)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                var requestId = Guid.NewGuid().ToString("N");
                var pluginId = "stage-" + requestId[..10];
                store.InsertRequest(requestId, request.UserId, Wish, extensionPoint.Name, pluginId);
                store.InsertVersion(new NewPluginVersion(
                    pluginId, requestId, extensionPoint.Name, extensionPoint.ContractType.FullName!, request.UserId, Wish, extraction.Source!,
                    new CompiledPlugin(name, "KioskPlugins." + plugin, image, [], PluginCompiler.Sha256(image)), "scripted", 0, 100, 50, []));
                times["store (SQLite)"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                _ = PlainCompiler.Emit(source, name);
                times["plain CSharpCompilation.Emit, for scale"] = Stats.MillisecondsSince(started);

                started = Stopwatch.GetTimestamp();
                _ = PlainCompiler.Emit(source, name, PluginCompiler.ParseOptions);
                times[PlainWithoutNullable] = Stats.MillisecondsSince(started);

                if (run >= 0)
                {
                    foreach (var (stage, ms) in times)
                    {
                        samples[stage].Add(ms);
                    }
                }
            }

            var medians = samples.ToDictionary(s => s.Key, s => Stats.Median(s.Value));
            medians["sum of the stages"] = Stages.Sum(s => medians[s]);
            return medians;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Require<T>(IReadOnlyList<T> problems, string stage)
    {
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The {stage} stage refused the benchmark's plugin: {string.Join("; ", problems.Take(3))}");
        }
    }
}
