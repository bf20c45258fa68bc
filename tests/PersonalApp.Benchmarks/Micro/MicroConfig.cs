using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet's settings. In process (no generated project to build: the solution's props make warnings errors,
/// and a build per class would eat the quick mode's budget), with the allocation column. Quick mode runs a fixed, small
/// number of iterations sized to the operation; full mode uses BenchmarkDotNet's defaults (it iterates until stable).
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create(bool quick, Type benchmarks, string artifacts)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        var slow = benchmarks == typeof(PipelineBenchmarks);
        if (quick)
        {
            job = benchmarks == typeof(InvocationBenchmarks) || benchmarks == typeof(IsolatedInvocationBenchmarks)
                ? job.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(100))
                : job.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(slow ? 8 : 12).WithIterationTime(TimeInterval.FromMilliseconds(slow ? 300 : 150));
        }

        if (slow)
        {
            // Operations of 5 to 500 ms: one per invocation, no unrolling.
            job = job.WithUnrollFactor(1);
        }

        return ManualConfig.CreateEmpty()
            .AddJob(job.WithId(quick ? "quick" : "full"))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
    }
}
