using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Catalog;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Churn: many cycles of request (compile) → approve (load) → call → revoke (unload) in one host, then the memory grown
/// and the load contexts still alive (a WeakReference per context); beside it, as many CSharpScript evaluations, whose
/// assemblies never unload. Each side runs in its own fresh process so neither's leftovers count against the other.
/// </summary>
internal static class ChurnHarness
{
    public const string PersonalAppChild = "churn-personalapp";
    public const string ScriptChild = "churn-script";

    private const int WarmUpCycles = 20;
    private const string User = "churn-user";

    public static void Run(RunMode mode, ResultTable table)
    {
        var personalApp = ChildProcess.Run(PersonalAppChild, mode.ChurnCycles.ToString(CultureInfo.InvariantCulture));
        var script = ChildProcess.Run(ScriptChild, mode.ScriptCycles.ToString(CultureInfo.InvariantCulture));
        var cycles = ResultTable.Count(mode.ChurnCycles);
        var evaluations = ResultTable.Count(mode.ScriptCycles);

        table.Add("churn", $"{cycles} cycles compile → load → invoke → unload: one cycle", ResultTable.Time(personalApp["cycleMs"]), $"CSharpScript evaluation {ResultTable.Time(script["cycleMs"])}", personalApp["cycleMs"] / script["cycleMs"]);
        table.Add("churn", $"after {cycles} cycles: load contexts still alive", ResultTable.Count(personalApp["alive"]), $"CSharpScript: {ResultTable.Count(script["assemblies"])} assemblies never unloaded", null, "0", personalApp["alive"] == 0);
        table.Add("churn", $"after {cycles} cycles: managed heap growth", ResultTable.Megabytes(personalApp["managedMb"]), $"CSharpScript ({evaluations}): {ResultTable.Megabytes(script["managedMb"])}", Ratio(personalApp["managedMb"], script["managedMb"]), "< 10 MB", personalApp["managedMb"] < 10);
        table.Add("churn", $"after {cycles} cycles: working set growth", ResultTable.Megabytes(personalApp["workingSetMb"]), $"CSharpScript ({evaluations}): {ResultTable.Megabytes(script["workingSetMb"])}", Ratio(personalApp["workingSetMb"], script["workingSetMb"]), "< 10 MB", personalApp["workingSetMb"] < 10);
        table.Add("churn", "working set growth over the second half of the cycles (a leak keeps growing, a plateau does not)", ResultTable.Megabytes(personalApp["workingSetSecondHalfMb"]), $"CSharpScript: {ResultTable.Megabytes(script["workingSetSecondHalfMb"])}", Ratio(personalApp["workingSetSecondHalfMb"], script["workingSetSecondHalfMb"]));
        table.Add("churn", "managed heap growth over the second half of the cycles", ResultTable.Megabytes(personalApp["managedSecondHalfMb"]), $"CSharpScript: {ResultTable.Megabytes(script["managedSecondHalfMb"])}", Ratio(personalApp["managedSecondHalfMb"], script["managedSecondHalfMb"]));
        table.Add("churn", $"after {cycles} cycles: loaded assemblies growth", ResultTable.Count(personalApp["assemblies"]), $"CSharpScript ({evaluations}): {ResultTable.Count(script["assemblies"])}");
        table.Note($"Churn: growth is measured from after {WarmUpCycles} untimed cycles to the end, each side in a fresh process, after full compacting collections."
            + (mode.IsQuick ? $" Quick mode runs {cycles} cycles and {evaluations} evaluations, not the issue's 10,000: run --full for those." : string.Empty));
    }

    private static double? Ratio(double value, double baseline) => baseline > 0.5 ? value / baseline : null;

    public static int RunPersonalAppChild(string[] arguments)
    {
        var cycles = int.Parse(arguments[0], CultureInfo.InvariantCulture);
        var source = PluginFiles.Read(PluginFiles.Small);
        var host = BenchHost.StartAsync(new FixedAnswerChatClient(PluginFiles.Answer(source))).GetAwaiter().GetResult();
        try
        {
            var contexts = new List<WeakReference>(WarmUpCycles + cycles);
            for (var i = 0; i < WarmUpCycles; i++)
            {
                Cycle(host, contexts);
            }

            var (times, snapshots) = Repeat(cycles, () => Cycle(host, contexts));
            var alive = Unloading.CountAlive(contexts);
            Report(snapshots, times, alive);
            return 0;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static int RunScriptChild(string[] arguments)
    {
        var cycles = int.Parse(arguments[0], CultureInfo.InvariantCulture);
        var code = PluginFiles.AsScript(PluginFiles.Small);
        for (var i = 0; i < WarmUpCycles; i++)
        {
            Evaluate(code);
        }

        var (times, snapshots) = Repeat(cycles, () => Evaluate(code));
        Report(snapshots, times, alive: double.NaN);
        return 0;
    }

    /// <summary>Times each cycle, with a memory snapshot before the first and after each quarter.</summary>
    private static (double[] Times, MemorySnapshot[] Snapshots) Repeat(int cycles, Action cycle)
    {
        var times = new double[cycles];
        var snapshots = new List<MemorySnapshot> { MemorySnapshot.Take() };
        for (var i = 0; i < cycles; i++)
        {
            var started = Stopwatch.GetTimestamp();
            cycle();
            times[i] = Stats.MillisecondsSince(started);
            if ((i + 1) % Math.Max(1, cycles / 4) == 0 && snapshots.Count < 5)
            {
                snapshots.Add(MemorySnapshot.Take());
            }
        }

        while (snapshots.Count < 5)
        {
            snapshots.Add(MemorySnapshot.Take());
        }

        return (times, [.. snapshots]);
    }

    private static void Report(MemorySnapshot[] snapshots, double[] times, double alive)
    {
        var (before, half, after) = (snapshots[0], snapshots[2], snapshots[^1]);
        ChildProcess.Report(new Dictionary<string, double>
        {
            ["cycleMs"] = Stats.Median(times),
            ["alive"] = double.IsNaN(alive) ? -1 : alive,
            ["managedMb"] = MemorySnapshot.Megabytes(after.ManagedBytes - before.ManagedBytes),
            ["workingSetMb"] = MemorySnapshot.Megabytes(after.WorkingSetBytes - before.WorkingSetBytes),
            ["managedSecondHalfMb"] = MemorySnapshot.Megabytes(after.ManagedBytes - half.ManagedBytes),
            ["workingSetSecondHalfMb"] = MemorySnapshot.Megabytes(after.WorkingSetBytes - half.WorkingSetBytes),
            ["assemblies"] = after.Assemblies - before.Assemblies,
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Evaluate(string code)
    {
        var rule = ScriptCompiler.EvaluateAsync(code).GetAwaiter().GetResult();
        if (rule.Apply(Orders.WeekdayGroup) is null)
        {
            throw new InvalidOperationException("The script's rule did not apply.");
        }
    }

    /// <summary>One cycle through the public API; nothing from it is kept but the WeakReference to its load context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Cycle(BenchHost host, List<WeakReference> contexts)
    {
        var key = host.RequestAsync(User, "20% off for groups of more than ten on weekdays").GetAwaiter().GetResult();
        host.Approvals.ApproveAsync(key, "bench-admin").GetAwaiter().GetResult();
        Call(host, key);
        contexts.Add(host.Runtime.LoadContextOf(key.PluginId)!);
        host.Approvals.RevokeAsync(key.PluginId, "bench-admin", "churn").GetAwaiter().GetResult();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Call(BenchHost host, PluginVersionKey key)
    {
        var outcome = host.Features.GetAll<ITicketPricingRule>(User).Single(f => f.Key == key).Invoke(rule => rule.Apply(Orders.WeekdayGroup));
        if (!outcome.IsCompleted || outcome.Value is null)
        {
            throw new InvalidOperationException($"{key} did not complete: {outcome.Kind} {outcome.Message}");
        }
    }
}
