using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Compilation;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>Turns BenchmarkDotNet's medians into the summary's rows, each beside its baseline from the same run.</summary>
internal static class MicroReport
{
    /// <summary>What the worker's row says when its benchmark did not run or its worker could not start (the log says why).</summary>
    public const string WorkerNotMeasured = "not measured: the isolated worker did not run (see the BenchmarkDotNet log)";

    /// <summary>BenchmarkDotNet's figures for the compile paths (full mode), in a table of their own beside the harness's.</summary>
    public static void AddPipelineCrossCheck(MicroResults results, ResultTable table)
    {
        var type = typeof(PipelineBenchmarks);
        if (!results.Has(type, nameof(PipelineBenchmarks.PlainEmit)))
        {
            return;
        }

        var text = new System.Text.StringBuilder();
        text.AppendLine("| plugin | CSharpCompilation.Emit | CSharpScript | PluginCompiler.Compile | IPersonalizer.RequestAsync | RequestAsync / Emit |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var plugin in PluginFiles.Sizes)
        {
            var emit = results.Milliseconds(type, nameof(PipelineBenchmarks.PlainEmit), plugin) ?? double.NaN;
            var script = results.Milliseconds(type, nameof(PipelineBenchmarks.Script), plugin) ?? double.NaN;
            var compile = results.Milliseconds(type, nameof(PipelineBenchmarks.SandboxedCompile), plugin) ?? double.NaN;
            var pipeline = results.Milliseconds(type, nameof(PipelineBenchmarks.Pipeline), plugin) ?? double.NaN;
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {plugin} | {ResultTable.Time(emit)} | {ResultTable.Time(script)} | {ResultTable.Time(compile)} | {ResultTable.Time(pipeline)} | {ResultTable.Ratio(pipeline / emit)} |");
        }

        table.AddSection("BenchmarkDotNet cross-check of the compile paths (medians, cases run one after another)", text.ToString());
    }

    public static void AddInvocation(MicroResults results, ResultTable table)
    {
        var type = typeof(InvocationBenchmarks);
        if (results.Milliseconds(type, nameof(InvocationBenchmarks.Direct)) is not { } direct)
        {
            return;
        }

        // The rule allocates its result (a PriceAdjustment) however it is called: "no allocation" is none beyond the direct call's.
        var directAllocated = results.Allocated(type, nameof(InvocationBenchmarks.Direct));
        var directText = $"direct call {ResultTable.Time(direct)}";
        table.Add("invocation (small rule)", "direct call to the same code compiled normally", Timed(direct, directAllocated));
        if (results.Milliseconds(type, nameof(InvocationBenchmarks.FeatureInvokeWithState)) is { } invokeWithState)
        {
            var allocated = results.Allocated(type, nameof(InvocationBenchmarks.FeatureInvokeWithState));
            table.Add("invocation (small rule)", $"PersonalFeature.Invoke(state, static lambda) (guarded invoker), the caller under {InvocationBenchmarks.CallerCulture}", Timed(invokeWithState, allocated), directText, invokeWithState / direct, "≤ 3x, no allocation beyond the direct call's", invokeWithState / direct <= 3 && allocated is { } bytes && bytes <= (directAllocated ?? 0));
        }

        if (results.Milliseconds(type, nameof(InvocationBenchmarks.FeatureInvokeWithStateInvariantCaller)) is { } invariantCaller)
        {
            table.Add("invocation (small rule)", "PersonalFeature.Invoke(state, static lambda) (guarded invoker), the caller under the invariant culture", Timed(invariantCaller, results.Allocated(type, nameof(InvocationBenchmarks.FeatureInvokeWithStateInvariantCaller))), directText, invariantCaller / direct);
        }

        if (results.Milliseconds(type, nameof(InvocationBenchmarks.FeatureInvoke)) is { } invoke)
        {
            table.Add("invocation (small rule)", "PersonalFeature.Invoke(lambda capturing this) (guarded invoker)", Timed(invoke, results.Allocated(type, nameof(InvocationBenchmarks.FeatureInvoke))), directText, invoke / direct);
        }

        if (results.Milliseconds(type, nameof(InvocationBenchmarks.FeatureInstance)) is { } instance)
        {
            table.Add("invocation (small rule)", "PersonalFeature.Instance (DispatchProxy over the invoker)", Timed(instance, results.Allocated(type, nameof(InvocationBenchmarks.FeatureInstance))), directText, instance / direct);
        }

        if (results.Milliseconds(typeof(IsolatedInvocationBenchmarks), nameof(IsolatedInvocationBenchmarks.IsolatedWorker)) is { } isolated)
        {
            table.Add("invocation (small rule)", $"PersonalFeature.Invoke, placed in the isolated worker ({IsolatedInvocationBenchmarks.ModeSeen}), round trip", Timed(isolated, results.Allocated(typeof(IsolatedInvocationBenchmarks), nameof(IsolatedInvocationBenchmarks.IsolatedWorker))), directText, isolated / direct, "median ≤ 100 µs idle", isolated <= 0.1);
            if (results.Milliseconds(typeof(IsolatedInvocationBenchmarks), nameof(IsolatedInvocationBenchmarks.RawSocket)) is { } rawSocket)
            {
                table.Add("invocation (small rule)", "raw round trip to an echo process, Unix socket (the call channel's kind), no protocol", ResultTable.Time(rawSocket));
                table.Add("invocation (small rule)", $"PersonalFeature.Invoke isolated ({IsolatedInvocationBenchmarks.ModeSeen}), beside the raw socket round trip", ResultTable.Time(isolated), $"raw socket round trip {ResultTable.Time(rawSocket)}", isolated / rawSocket);
            }

            if (results.Milliseconds(typeof(IsolatedInvocationBenchmarks), nameof(IsolatedInvocationBenchmarks.RawPipe)) is { } rawPipe)
            {
                table.Add("invocation (small rule)", "raw round trip to an echo process, anonymous pipes (stdin/stdout), no protocol", ResultTable.Time(rawPipe));
                table.Add("invocation (small rule)", $"PersonalFeature.Invoke isolated ({IsolatedInvocationBenchmarks.ModeSeen}), beside the raw pipe round trip", ResultTable.Time(isolated), $"raw pipe round trip {ResultTable.Time(rawPipe)}", isolated / rawPipe);
            }
        }
        else
        {
            table.Add("invocation (small rule)", "PersonalFeature.Invoke, placed in the isolated worker (round trip)", WorkerNotMeasured, string.Empty, null, "median ≤ 100 µs idle");
        }

        var storage = typeof(ForwardedStorageBenchmarks);
        if (results.Milliseconds(storage, nameof(ForwardedStorageBenchmarks.InProcessStorage)) is { } local)
        {
            table.Add("invocation (storage rule)", "PersonalFeature.Invoke in-process, one storage Increment (SQLite)", Timed(local, results.Allocated(storage, nameof(ForwardedStorageBenchmarks.InProcessStorage))), directText, local / direct);
        }

        if (results.Milliseconds(storage, nameof(ForwardedStorageBenchmarks.IsolatedStorage)) is { } forwarded)
        {
            var roundTrip = results.Milliseconds(typeof(IsolatedInvocationBenchmarks), nameof(IsolatedInvocationBenchmarks.IsolatedWorker));
            table.Add(
                "invocation (storage rule)",
                "PersonalFeature.Invoke isolated, one storage Increment forwarded to the host",
                Timed(forwarded, results.Allocated(storage, nameof(ForwardedStorageBenchmarks.IsolatedStorage))),
                roundTrip is { } trip ? $"isolated round trip without it {ResultTable.Time(trip)}: the forwarded call adds {ResultTable.Time(forwarded - trip)}" : directText,
                roundTrip is { } t ? forwarded / t : forwarded / direct);
        }
    }

    /// <summary>BenchmarkDotNet's figures for the guards (full mode), in a table of their own beside the harness's.</summary>
    public static void AddGuardsCrossCheck(MicroResults results, ResultTable table)
    {
        var type = typeof(GuardBenchmarks);
        if (!results.Has(type, nameof(GuardBenchmarks.Guarded)))
        {
            return;
        }

        var text = new System.Text.StringBuilder();
        text.AppendLine("| plugin | unguarded build | guarded build | ratio |");
        text.AppendLine("|---|---|---|---|");
        foreach (var plugin in PluginFiles.CpuBoundPlugins)
        {
            var unguarded = results.Milliseconds(type, nameof(GuardBenchmarks.Unguarded), plugin) ?? double.NaN;
            var guarded = results.Milliseconds(type, nameof(GuardBenchmarks.Guarded), plugin) ?? double.NaN;
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {plugin} | {ResultTable.Time(unguarded)} | {ResultTable.Time(guarded)} | {ResultTable.Ratio(guarded / unguarded)} |");
        }

        table.AddSection("BenchmarkDotNet cross-check of the guards (medians, cases run one after another)", text.ToString());
    }

    private static string Timed(double milliseconds, long? allocated)
        => allocated is { } bytes ? $"{ResultTable.Time(milliseconds)}, {bytes:N0} B allocated" : ResultTable.Time(milliseconds);
}
