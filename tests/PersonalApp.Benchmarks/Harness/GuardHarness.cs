using System.Diagnostics;
using System.Runtime.Loader;
using Microsoft.Extensions.Options;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// The runtime guards' cost on CPU-bound plugin code: the same source compiled by PluginCompiler (with GuardInjector's
/// checks) and by plain emit (without), both called inside the invoker's guard scope with the default limits, so the only
/// difference is the injected code. Calls alternate, batch by batch, and the ratio is the median of the batches' ratios.
/// The mixed plugin (loops, recursion, allocation) carries the issue's target; three more split it by kind of work.
/// (BenchmarkDotNet's GuardBenchmarks measure the same pairs one case after another; full mode runs them as a cross-check.)
/// </summary>
internal static class GuardHarness
{
    private const int Batch = 5;

    public static void Run(RunMode mode, ResultTable table)
    {
        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        foreach (var plugin in PluginFiles.CpuBoundPlugins)
        {
            var (unguarded, guarded, ratio) = Measure(plugin, compiler, extensionPoint, mode.GuardRounds);
            var mixed = plugin == PluginFiles.CpuBound;
            table.Add(
                "guards (CPU-bound rule)",
                plugin switch
                {
                    PluginFiles.CpuBound => "guarded build: loops, recursion and allocation (the target)",
                    PluginFiles.CpuLoops => "guarded build, loops alone",
                    PluginFiles.CpuRecursion => "guarded build, recursion alone (a guard per call of a tiny method)",
                    _ => "guarded build, allocation alone",
                },
                ResultTable.Time(guarded),
                $"unguarded build {ResultTable.Time(unguarded)}",
                ratio,
                mixed ? "≤ 1.25x" : string.Empty,
                mixed ? ratio <= 1.25 : null);
        }

        foreach (var plugin in PluginFiles.Runaways)
        {
            var (kind, median, slowest) = StopTime(plugin, compiler, extensionPoint);
            table.Add(
                "guards (runaway rule)",
                plugin == PluginFiles.RunawayLoop ? "endless loop: time until the call is stopped" : "unbounded recursion: time until the call is stopped",
                $"{ResultTable.Time(median)} ({kind}; slowest {ResultTable.Time(slowest)})",
                $"time limit {ResultTable.Time(new SandboxLimits().Timeout.TotalMilliseconds)}");
        }

        table.Note($"Guards: {mode.GuardRounds} alternating batches of {Batch} calls per build after a warm-up, each call inside PluginInvoker.Run with the default SandboxLimits; figures are medians per call, ratios the median of the batches' ratios.");
    }

    /// <summary>How long a call of a plugin that never finishes takes to be stopped, with the default limits: the median and the slowest of 7 calls after one untimed.</summary>
    private static (PluginOutcomeKind Kind, double Median, double Slowest) StopTime(string plugin, PluginCompiler compiler, ExtensionPoint extensionPoint)
    {
        var compiled = compiler.Compile(PluginFiles.Read(plugin), extensionPoint, "Runaway", default);
        if (!compiled.Succeeded)
        {
            throw new InvalidOperationException($"{plugin} does not pass the sandbox: {string.Join("; ", compiled.Errors)}");
        }

        var (rule, context) = PlainCompiler.Load<ITicketPricingRule>(compiled.Plugin!.Dll, "KioskPlugins." + plugin);
        try
        {
            var limits = new SandboxLimits();
            var kind = PluginOutcomeKind.Completed;
            var times = new List<double>();
            for (var i = 0; i < 8; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = PluginInvoker.Run(null, limits, () => rule.Apply(Orders.WeekdayGroup));
                var elapsed = Stats.MillisecondsSince(started);
                if (outcome.IsCompleted)
                {
                    throw new InvalidOperationException($"{plugin} completed: the guards did not stop it.");
                }

                kind = outcome.Kind;
                if (i > 0)
                {
                    times.Add(elapsed);
                }
            }

            return (kind, Stats.Median(times), times.Max());
        }
        finally
        {
            context.Unload();
        }
    }

    private static (double Unguarded, double Guarded, double Ratio) Measure(string plugin, PluginCompiler compiler, ExtensionPoint extensionPoint, int rounds)
    {
        var source = PluginFiles.Read(plugin);
        var typeName = "KioskPlugins." + plugin;
        var compiled = compiler.Compile(source, extensionPoint, "Guarded", default);
        if (!compiled.Succeeded)
        {
            throw new InvalidOperationException($"{plugin} does not pass the sandbox: {string.Join("; ", compiled.Errors)}");
        }

        var (plainRule, plainContext) = PlainCompiler.Load<ITicketPricingRule>(PlainCompiler.Emit(source, "Unguarded"), typeName);
        var (guardedRule, guardedContext) = PlainCompiler.Load<ITicketPricingRule>(compiled.Plugin!.Dll, typeName);
        try
        {
            var limits = new SandboxLimits();
            var order = Orders.WeekdayGroup;
            var expected = plainRule.Apply(order);
            double Time(ITicketPricingRule rule)
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < Batch; i++)
                {
                    var outcome = PluginInvoker.Run(null, limits, () => rule.Apply(order));
                    if (!outcome.IsCompleted || outcome.Value != expected)
                    {
                        throw new InvalidOperationException($"{plugin}: a call did not give the unguarded answer: {outcome.Kind} {outcome.Message}");
                    }
                }

                return Stats.MillisecondsSince(started) / Batch;
            }

            for (var i = 0; i < 40; i++)
            {
                Time(plainRule);
                Time(guardedRule);
            }

            var plain = new List<double>(rounds);
            var guarded = new List<double>(rounds);
            var ratios = new List<double>(rounds);
            for (var round = 0; round < rounds; round++)
            {
                double u, g;
                if (round % 2 == 0)
                {
                    u = Time(plainRule);
                    g = Time(guardedRule);
                }
                else
                {
                    g = Time(guardedRule);
                    u = Time(plainRule);
                }

                plain.Add(u);
                guarded.Add(g);
                ratios.Add(g / u);
            }

            return (Stats.Median(plain), Stats.Median(guarded), Stats.Median(ratios));
        }
        finally
        {
            plainContext.Unload();
            guardedContext.Unload();
        }
    }
}
