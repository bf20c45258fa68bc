using System.Globalization;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// One call of the small pricing rule: directly on the same code compiled normally (the baseline), through
/// <see cref="PersonalFeature{TContract}.Invoke{TResult}"/> (the guarded invoker; with a capturing lambda, and with the
/// order passed as state to a static lambda) and through
/// <see cref="PersonalFeature{TContract}.Instance"/> (the DispatchProxy over the invoker).
/// </summary>
/// <remarks>The isolated worker's round trip is in <see cref="IsolatedInvocationBenchmarks"/>, against the same baseline.</remarks>
[BenchmarkCategory("invocation")]
public class InvocationBenchmarks
{
    private readonly TicketOrder _order = Orders.WeekdayGroup;
    private BenchHost _host = null!;
    private ITicketPricingRule _direct = null!;
    private AssemblyLoadContext _directContext = null!;
    private PersonalFeature<ITicketPricingRule> _feature = null!;
    private ITicketPricingRule _proxy = null!;
    private CultureInfo? _callerCulture;
    private CultureInfo? _callerUiCulture;

    [GlobalSetup]
    public void Setup()
    {
        var source = PluginFiles.Read(PluginFiles.Small);
        (_direct, _directContext) = PlainCompiler.Load<ITicketPricingRule>(PlainCompiler.Emit(source, "Direct"), "KioskPlugins." + PluginFiles.Small);

        _host = BenchHost.StartAsync(new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(source) }).GetAwaiter().GetResult();
        var key = _host.RequestAsync("bench-user", "20% off for groups of more than ten on weekdays").GetAwaiter().GetResult();
        _host.Approvals.ApproveAsync(key, "bench-admin").GetAwaiter().GetResult();
        _feature = _host.Features.GetAll<ITicketPricingRule>("bench-user").Single();
        _proxy = _feature.Instance;

        var culture = CultureInfo.CurrentCulture;
        CallerCulture ??= ReferenceEquals(culture, CultureInfo.InvariantCulture) ? "the invariant culture" : $"a culture named '{culture.Name}' that is not the invariant object";
        var expected = _direct.Apply(_order);
        if (expected is null || FeatureInvoke() != expected || FeatureInvokeWithState() != expected || FeatureInstance() != expected)
        {
            throw new InvalidOperationException("The four ways of calling the rule do not give the same answer.");
        }
    }

    /// <summary>
    /// Gets the culture the benchmarks' thread runs under, for the summary: when it is not the invariant culture (as
    /// under BenchmarkDotNet's own culture), every guarded call swaps the execution context to put the invariant one in place.
    /// </summary>
    internal static string? CallerCulture { get; private set; }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directContext.Unload();
    }

    /// <summary>The same call from a thread already under the invariant culture, where the guarded call changes no culture.</summary>
    [GlobalSetup(Target = nameof(FeatureInvokeWithStateInvariantCaller))]
    public void SetupInvariantCaller()
    {
        Setup();
        (_callerCulture, _callerUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }

    [GlobalCleanup(Target = nameof(FeatureInvokeWithStateInvariantCaller))]
    public void CleanupInvariantCaller()
    {
        CultureInfo.CurrentCulture = _callerCulture!;
        CultureInfo.CurrentUICulture = _callerUiCulture!;
        Cleanup();
    }

    [Benchmark(Baseline = true, Description = "direct call")]
    public PriceAdjustment? Direct() => _direct.Apply(_order);

    /// <summary>The call as most callers write it: the lambda captures <c>this</c>, so it is a new delegate at every call.</summary>
    [Benchmark(Description = "PersonalFeature.Invoke")]
    public PriceAdjustment? FeatureInvoke() => _feature.Invoke(rule => rule.Apply(_order)).Value;

    /// <summary>The order passed as state to a static lambda: nothing is captured, so the caller allocates nothing either.</summary>
    [Benchmark(Description = "PersonalFeature.Invoke(state)")]
    public PriceAdjustment? FeatureInvokeWithState() => _feature.Invoke(_order, static (rule, order) => rule.Apply(order)).Value;

    /// <summary><see cref="FeatureInvokeWithState"/> from a caller already under the invariant culture.</summary>
    [Benchmark(Description = "PersonalFeature.Invoke(state), invariant caller")]
    public PriceAdjustment? FeatureInvokeWithStateInvariantCaller() => _feature.Invoke(_order, static (rule, order) => rule.Apply(order)).Value;

    [Benchmark(Description = "PersonalFeature.Instance")]
    public PriceAdjustment? FeatureInstance() => _proxy.Apply(_order);
}
