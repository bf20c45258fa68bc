using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet's settings. In process (no generated project to build: the solution's props make warnings errors,
/// and a build per class would eat the quick mode's budget), with the allocation column. Quick mode runs few, short
/// iterations; full mode BenchmarkDotNet's defaults.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create(bool quick, bool slowOperations, string artifacts)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        if (quick)
        {
            job = job
                .WithLaunchCount(1)
                .WithWarmupCount(slowOperations ? 2 : 3)
                .WithIterationCount(slowOperations ? 6 : 8)
                .WithIterationTime(TimeInterval.FromMilliseconds(slowOperations ? 250 : 100));
        }

        if (slowOperations)
        {
            // Operations of 5 to 300 ms: one per invocation, no unrolling.
            job = job.WithUnrollFactor(1);
        }

        return ManualConfig.CreateEmpty()
            .AddJob(job.WithId(quick ? "quick" : "full"))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
    }
}
