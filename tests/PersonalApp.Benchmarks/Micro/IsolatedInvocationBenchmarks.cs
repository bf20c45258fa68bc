using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// One call of the small pricing rule approved with <see cref="PluginPlacement.Isolated"/>: a round trip to the warm
/// worker process through <see cref="PersonalFeature{TContract}.Invoke{TResult}"/>. A class of its own, so that a machine
/// where the worker cannot start loses this row only; compared with <see cref="InvocationBenchmarks.Direct"/> and with
/// the floor under it measured in the same run: a raw round trip to an echoing child process over a Unix socket, the kind
/// of connection the worker's call channel is, and over anonymous pipes (<see cref="RawEcho"/>).
/// </summary>
[BenchmarkCategory("invocation")]
public class IsolatedInvocationBenchmarks
{
    private readonly TicketOrder _order = Orders.WeekdayGroup;
    private BenchHost _host = null!;
    private PersonalFeature<ITicketPricingRule> _feature = null!;
    private RawEcho _echo = null!;

    /// <summary>Gets how the worker was confined in the last run (bubblewrap or a plain child process), for the summary; in process, as BenchmarkDotNet runs here.</summary>
    internal static IsolationMode? ModeSeen { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var source = PluginFiles.Read(PluginFiles.Small);
        _host = BenchHost.StartAsync(new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(source) }).GetAwaiter().GetResult();
        var key = _host.RequestAsync("isolated-user", "20% off for groups of more than ten on weekdays").GetAwaiter().GetResult();
        _host.Approvals.ApproveAsync(key, new ApprovalDecision("bench-admin") { Placement = PluginPlacement.Isolated }).GetAwaiter().GetResult();
        _feature = _host.Features.GetAll<ITicketPricingRule>("isolated-user").Single();
        ModeSeen = _host.Services.GetRequiredService<IPluginIsolation>().Report.Mode;
        _echo = RawEcho.Start();
        var outcome = _feature.Invoke(rule => rule.Apply(_order));
        if (!outcome.IsCompleted || outcome.Value is null)
        {
            throw new InvalidOperationException($"The isolated call did not complete: {outcome.Kind} {outcome.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _echo.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "isolated worker round trip")]
    public PriceAdjustment? IsolatedWorker() => _feature.Invoke(rule => rule.Apply(_order)).Value;

    [Benchmark(Description = "raw round trip, Unix socket to an echo process")]
    public byte RawSocket() => _echo.SocketRoundTrip();

    [Benchmark(Description = "raw round trip, anonymous pipes to an echo process")]
    public byte RawPipe() => _echo.PipeRoundTrip();
}
