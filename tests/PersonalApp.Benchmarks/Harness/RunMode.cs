namespace PersonalApp.Benchmarks.Harness;

/// <summary>How much each part of a run does. Quick fits in ten minutes on two cores; full is what the issue asks for in every count.</summary>
/// <param name="Name">quick or full.</param>
/// <param name="JitWarmUpRounds">Rounds of every compile path before the compile figures are timed.</param>
/// <param name="PipelineRounds">Interleaved rounds of the four compile paths, per plugin size.</param>
/// <param name="BenchmarkDotNetCrossChecks">Whether BenchmarkDotNet also measures the compile paths and the guards (one case after another), as a cross-check of the interleaved harness.</param>
/// <param name="GuardRounds">Alternating batches of guarded and unguarded calls, per CPU-bound plugin.</param>
/// <param name="FirstRequestProcesses">Fresh processes per first-request variant (with and without warm-up).</param>
/// <param name="WarmRequests">Requests after the first, in each of those processes, whose median is "a warm request".</param>
/// <param name="StageRuns">Timed runs of each pipeline stage, per plugin size, for the breakdown.</param>
/// <param name="HotSwapCycles">Approve and revoke cycles timed.</param>
/// <param name="ChurnCycles">Compile, load, invoke, unload cycles.</param>
/// <param name="ScriptCycles">CSharpScript evaluations beside them.</param>
/// <param name="ScalePlugins">Active plugins in one host.</param>
/// <param name="ScaleDistinctBuilds">How many distinct plugins are compiled for them; each build is stored under several plugin ids when fewer.</param>
internal sealed record RunMode(
    string Name,
    int JitWarmUpRounds,
    int PipelineRounds,
    bool BenchmarkDotNetCrossChecks,
    int GuardRounds,
    int FirstRequestProcesses,
    int WarmRequests,
    int StageRuns,
    int HotSwapCycles,
    int ChurnCycles,
    int ScriptCycles,
    int ScalePlugins,
    int ScaleDistinctBuilds)
{
    public static RunMode Quick { get; } = new("quick", JitWarmUpRounds: 2, PipelineRounds: 16, BenchmarkDotNetCrossChecks: false, GuardRounds: 300, FirstRequestProcesses: 2, WarmRequests: 20, StageRuns: 15, HotSwapCycles: 30, ChurnCycles: 300, ScriptCycles: 300, ScalePlugins: 1_000, ScaleDistinctBuilds: 100);

    public static RunMode Full { get; } = new("full", JitWarmUpRounds: 5, PipelineRounds: 80, BenchmarkDotNetCrossChecks: true, GuardRounds: 2_000, FirstRequestProcesses: 7, WarmRequests: 60, StageRuns: 40, HotSwapCycles: 300, ChurnCycles: 10_000, ScriptCycles: 10_000, ScalePlugins: 1_000, ScaleDistinctBuilds: 1_000);

    /// <summary>Gets the catalog sizes the scale area runs at, when chosen on the command line (<c>--scale-counts</c>) instead of the mode's.</summary>
    public IReadOnlyList<int>? ScaleCounts { get; init; }

    public bool IsQuick => Name == "quick";
}
