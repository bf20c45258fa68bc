using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// The runtime guards' cost on CPU-bound plugin code (loops, recursion, allocation): the same source compiled by
/// PluginCompiler (with GuardInjector's checks) and by plain emit (without), both called inside the invoker's guard scope
/// with the default limits, so the only difference is the injected code. The mixed plugin carries the issue's target;
/// the three others split it into loops, recursion and allocation, to show which the guards cost most on. Full mode
/// runs these as a cross-check of <see cref="Harness.GuardHarness"/>, whose interleaved calls give the summary's ratios.
/// </summary>
[BenchmarkCategory("guards")]
public class GuardBenchmarks
{
    private readonly TicketOrder _order = Orders.WeekdayGroup;
    private readonly SandboxLimits _limits = new();
    private ITicketPricingRule _unguarded = null!;
    private ITicketPricingRule _guarded = null!;
    private AssemblyLoadContext _unguardedContext = null!;
    private AssemblyLoadContext _guardedContext = null!;

    [Params(PluginFiles.CpuBound, PluginFiles.CpuLoops, PluginFiles.CpuRecursion, PluginFiles.CpuAllocation)]
    public string Plugin { get; set; } = PluginFiles.CpuBound;

    [GlobalSetup]
    public void Setup()
    {
        var source = PluginFiles.Read(Plugin);
        var typeName = "KioskPlugins." + Plugin;
        (_unguarded, _unguardedContext) = PlainCompiler.Load<ITicketPricingRule>(PlainCompiler.Emit(source, "Unguarded"), typeName);

        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        var compiled = compiler.Compile(source, extensionPoint, "Guarded", default);
        if (!compiled.Succeeded)
        {
            throw new InvalidOperationException($"{Plugin} does not pass the sandbox: {string.Join("; ", compiled.Errors)}");
        }

        (_guarded, _guardedContext) = PlainCompiler.Load<ITicketPricingRule>(compiled.Plugin!.Dll, typeName);
        var plain = PluginInvoker.Run(null, _limits, () => _unguarded.Apply(_order));
        var guarded = PluginInvoker.Run(null, _limits, () => _guarded.Apply(_order));
        if (!guarded.IsCompleted || plain.Value is null || guarded.Value != plain.Value)
        {
            throw new InvalidOperationException($"{Plugin}: the guarded build did not give the unguarded build's answer: {guarded.Kind} {guarded.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _unguardedContext.Unload();
        _guardedContext.Unload();
    }

    [Benchmark(Baseline = true, Description = "unguarded build")]
    public PriceAdjustment? Unguarded() => PluginInvoker.Run(null, _limits, () => _unguarded.Apply(_order)).Value;

    [Benchmark(Description = "guarded build")]
    public PriceAdjustment? Guarded() => PluginInvoker.Run(null, _limits, () => _guarded.Apply(_order)).Value;
}
