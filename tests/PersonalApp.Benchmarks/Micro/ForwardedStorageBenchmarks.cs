using BenchmarkDotNet.Attributes;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// One call of a rule that makes one storage call (<c>Increment</c>), placed in-process and in the isolated worker. The
/// isolated one's storage call goes back to the host over the worker's connection (checked there with the call's token);
/// set beside <see cref="IsolatedInvocationBenchmarks.IsolatedWorker"/> (the same round trip without a storage call), the
/// difference is the cost of one forwarded call.
/// </summary>
[BenchmarkCategory("invocation")]
public class ForwardedStorageBenchmarks
{
    private const string Counter = """
        using PersonalApp.Capabilities;
        using TicketKiosk.Contracts;
        namespace Bench;
        [UsesCapabilities("storage")]
        public sealed class CountingRule : ITicketPricingRule
        {
            public string Name => "Counts the orders it sees";
            public PriceAdjustment? Apply(TicketOrder order) { PluginContext.Current.Require<IPluginStorage>().Increment("orders"); return null; }
        }
        """;

    private readonly TicketOrder _order = Orders.WeekdayGroup;
    private BenchHost _host = null!;
    private PersonalFeature<ITicketPricingRule> _inProcess = null!;
    private PersonalFeature<ITicketPricingRule> _isolated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchHost.StartAsync(new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(Counter) }).GetAwaiter().GetResult();
        _inProcess = Approve("storage-in-process", PluginPlacement.InProcess);
        _isolated = Approve("storage-isolated", PluginPlacement.Isolated);
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "in-process call with one storage call")]
    public PriceAdjustment? InProcessStorage() => _inProcess.Invoke(rule => rule.Apply(_order)).Value;

    [Benchmark(Description = "isolated call with one forwarded storage call")]
    public PriceAdjustment? IsolatedStorage() => _isolated.Invoke(rule => rule.Apply(_order)).Value;

    private PersonalFeature<ITicketPricingRule> Approve(string user, PluginPlacement placement)
    {
        var key = _host.RequestAsync(user, "count the orders " + user).GetAwaiter().GetResult();
        _host.Approvals.ApproveAsync(key, new ApprovalDecision("bench-admin") { Placement = placement, GrantedCapabilities = new HashSet<string> { "storage" } }).GetAwaiter().GetResult();
        var feature = _host.Features.GetAll<ITicketPricingRule>(user).Single();
        var outcome = feature.Invoke(rule => rule.Apply(_order));
        return outcome.IsCompleted ? feature : throw new InvalidOperationException($"The {placement} storage call did not complete: {outcome.Kind} {outcome.Message}");
    }
}
