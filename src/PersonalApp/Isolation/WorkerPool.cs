using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// The pool of worker processes. A few warm workers wait ready; one of them serves the approved isolated plugins
/// (each loaded into its own collectible context there). A worker that crashes, hangs past its deadline or floods
/// its output is killed, and a warm one takes its place with the same plugins loaded again; unapproved code runs only
/// in one-shot workers that are discarded afterwards. After repeated losses the pool cools down instead of spinning.
/// No lock is held across a call to a worker: calls queue on the worker itself, and a lost worker wakes them all.
/// </summary>
internal sealed partial class WorkerPool : IPluginIsolation, IDisposable
{
    private const int Attempts = 2;

    private readonly IsolationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerPool> _logger;
    private readonly CapabilityBroker? _broker;
    private readonly PlacementDefault _placementDefault;
    private readonly WorkerLauncherSource _launcher;
    private readonly Lock _lock = new();
    private readonly Queue<Task<WorkerProcess>> _warm = new();
    private readonly Dictionary<string, LoadRequest> _loaded = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _losses = new();
    private readonly CancellationTokenSource _stopping = new();
    private WorkerProcess? _serving;
    private Task<WorkerProcess?>? _replacing;
    private DateTimeOffset _coolUntil;
    private int _replaced;
    private bool _disposed;

    public WorkerPool(IOptions<PersonalizationOptions> options, ExtensionPointRegistry extensionPoints, TimeProvider time, ILogger<WorkerPool> logger, CapabilityBroker? broker = null)
    {
        _options = options.Value.Isolation;
        _placementDefault = options.Value.DefaultPlacement;
        _time = time;
        _logger = logger;
        _broker = broker;
        _launcher = new WorkerLauncherSource(
            () =>
            {
                if (_options.WorkDirectory is null)
                {
                    var cleaned = StaleWorkFolders.Clean(Path.GetTempPath());
                    if (cleaned > 0)
                    {
                        LogCleaned(cleaned);
                    }
                }

                var launcher = new WorkerLauncher(_options, extensionPoints.All.SelectMany(p => ContractAssemblies(p.ContractType)));
                LogStarted(launcher.Report.ToString());
                return launcher;
            },
            time);
    }

    public IsolationReport Report
    {
        get
        {
            var report = _launcher.Value.Report;
            if (_placementDefault == PlacementDefault.Auto && report.Mode != IsolationMode.Bubblewrap)
            {
                report = report with { NotInForce = [.. report.NotInForce, "DefaultPlacement is Auto, so approved plugins run InProcess: isolation is placed by default only under bubblewrap"] };
            }

            Warm();
            lock (_lock)
            {
                return report with
                {
                    WorkersAlive = _warm.Count(t => t.IsCompletedSuccessfully && t.Result.IsAlive) + (_serving?.IsAlive == true ? 1 : 0),
                    WorkersReplaced = _replaced,
                    CoolingDown = _time.GetUtcNow() < _coolUntil,
                    CapabilityCallsRefused = _broker?.Refused ?? 0,
                };
            }
        }
    }

    /// <summary>Gets the process id of the worker serving the approved plugins, when one is alive. For tests and diagnostics.</summary>
    internal int? ServingProcessId
    {
        get
        {
            lock (_lock)
            {
                return _serving?.IsAlive == true ? _serving.ProcessId : null;
            }
        }
    }

    /// <summary>Gets how workers are confined here, or null when the isolated tier cannot start; does not start workers.</summary>
    public IsolationMode? Mode
    {
        get
        {
            try
            {
                return _launcher.Value.Report.Mode;
            }
            catch (PersonalizationException)
            {
                return null;
            }
        }
    }

    /// <summary>The contract assembly and its non-framework references: what a worker needs to load the plugins of a contract.</summary>
    public static IEnumerable<string> ContractAssemblies(Type contract)
        => new[] { contract.Assembly }
            .Concat(contract.Assembly.GetReferencedAssemblies()
                .Where(n => n.Name is { } name && name != "PersonalApp.Abstractions" && !name.StartsWith("System", StringComparison.Ordinal) && !name.StartsWith("Microsoft", StringComparison.Ordinal) && name != "netstandard")
                .Select(n => System.Reflection.Assembly.Load(n)))
            .Select(a => a.Location)
            .Where(l => l.Length > 0);

    public IReadOnlyList<string> ContractAssembliesInImage(Type contract) => ContractAssemblies(contract).Select(_launcher.Value.InImage).ToList();

    /// <summary>Starts the warm workers, so the first call does not wait for a cold start.</summary>
    public void Warm()
    {
        var launcher = _launcher.Value;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_warm.Count < _options.PoolSize && _time.GetUtcNow() >= _coolUntil)
            {
                _warm.Enqueue(WorkerProcess.StartAsync(launcher, ResponseBudget, _broker, _stopping.Token));
            }
        }
    }

    /// <summary>
    /// Completes when every warm worker started so far has finished starting (connected its call channel, or failed).
    /// For tests and diagnostics: a worker's call socket exists in its folder only until then.
    /// </summary>
    internal Task WhenWarmAsync()
    {
        Task[] starting;
        lock (_lock)
        {
            starting = [.. _warm];
        }

        return Task.WhenAll(starting.Select(static t => t.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
    }

    /// <summary>
    /// Loads a plugin version into the serving worker. A worker lost before the load was sent (another plugin's call passed
    /// its deadline) is replaced and the load sent again; the answer is never a wait on a dead worker.
    /// </summary>
    public async Task<CallResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var deadline = LoadDeadline(request.Limits);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (serving, refused) = await ServingAsync(cancellationToken).ConfigureAwait(false);
            if (serving is null)
            {
                return refused!;
            }

            var answer = await serving.CallAsync(WorkerMethods.Load, request, deadline, cancellationToken).ConfigureAwait(false);
            if (answer.Loss == WorkerLoss.NotStarted)
            {
                continue;
            }

            var result = Result(answer, serving, request.Key, deadline);
            if (result.IsCompleted)
            {
                lock (_lock)
                {
                    _loaded[request.Key] = request;
                }
            }

            return result;
        }

        return WorkerLost(request.Key);
    }

    /// <summary>
    /// Calls a plugin in the serving worker, on the caller's thread (<see cref="WorkerProcess.Invoke"/>). With
    /// <paramref name="context"/>, the worker's capability calls are served for it while the call is in progress. A call
    /// that never started because its worker was lost is sent again to the replacement; one that is still lost comes back
    /// <see cref="RemoteReply.WorkerLost"/>: Faulted, and not the plugin's fault.
    /// </summary>
    public RemoteReply Invoke(PluginVersionKey plugin, string key, RemoteMethod method, object?[]? arguments, CallLimits limits, int maxResultBytes, PluginContext? context)
    {
        var deadline = Deadline(limits);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var serving = ServingNow();
            if (serving is null)
            {
                // No worker alive: wait for the replacement, as an asynchronous caller would (rare; the call blocks anyway).
                var (replacement, refused) = ServingAsync(CancellationToken.None).GetAwaiter().GetResult();
                if (replacement is null)
                {
                    return RemoteReply.From(refused!);
                }

                serving = replacement;
            }

            var reply = serving.Invoke(key, method, arguments, maxResultBytes, context, plugin, deadline);
            if (reply.Loss == WorkerLoss.NotStarted)
            {
                continue;
            }

            if (reply.Outcome == CallOutcome.NotLoaded)
            {
                if (!IsLoaded(key))
                {
                    // The host unloaded it meanwhile (revoked, or replaced by a newer version): out of service, not a fault.
                    return new RemoteReply(CallOutcome.NotLoaded, null, $"Plugin {plugin} was revoked or replaced after this feature was handed out, and its worker no longer holds it; it no longer runs. Ask IPersonalFeatures.GetAll again for the features that are live.");
                }

                if (attempt == 0 && ReloadAsync(serving, key, CancellationToken.None).GetAwaiter().GetResult())
                {
                    continue;
                }

                // The replacement worker could not take it: a failure of the isolated tier, reported as such.
                return new RemoteReply(CallOutcome.Faulted, null, reply.Message);
            }

            return reply.Loss == WorkerLoss.None ? reply : RemoteReply.From(Lost(reply.Loss, reply.Message, serving, key, deadline));
        }

        return RemoteReply.From(WorkerLost(key));
    }

    /// <summary>Whether the host still has the plugin loaded (it is unloaded when revoked or replaced).</summary>
    private bool IsLoaded(string key)
    {
        lock (_lock)
        {
            return _loaded.ContainsKey(key);
        }
    }

    public void Unload(string key)
    {
        WorkerProcess? serving;
        lock (_lock)
        {
            _loaded.Remove(key);
            serving = _serving;
        }

        if (serving?.IsAlive == true)
        {
            _ = serving.NotifyAsync(WorkerMethods.Unload, key);
        }
    }

    /// <summary>Runs work in a worker of its own, then discards the worker: for code no admin has approved yet.</summary>
    public async Task<T> OneShotAsync<T>(Func<WorkerProcess, Task<T>> work, CancellationToken cancellationToken)
    {
        var worker = await TakeWarmAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new RemoteCallException(PluginOutcomeKind.Faulted, CoolingMessage());
        try
        {
            return await work(worker).ConfigureAwait(false);
        }
        finally
        {
            worker.Dispose();
            Warm();
        }
    }

    public void Dispose()
    {
        WorkerProcess? serving;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            serving = _serving;
        }

        _stopping.Cancel();
        serving?.Dispose();
        foreach (var starting in _warm)
        {
            if (starting.IsCompletedSuccessfully)
            {
                starting.Result.Dispose();
            }
            else
            {
                _ = starting.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
        }

        if (_launcher.IsCreated)
        {
            _launcher.Value.StopAll();
            _launcher.Value.DeleteWorkDirectory();
        }
    }

    private long ResponseBudget => _options.MaxResponseBytes + (64 * 1024);

    private TimeSpan Deadline(CallLimits limits) => TimeSpan.FromMilliseconds(limits.TimeoutMilliseconds) + _options.DeadlineMargin;

    /// <summary>A load also pays the worker's first use of the loader and serializer (JIT), so it gets more time than a call.</summary>
    private TimeSpan LoadDeadline(CallLimits limits) => Deadline(limits) + TimeSpan.FromSeconds(30);

    /// <summary>The worker's answer as a result; a worker lost during the call is recorded and the call is blamed for it.</summary>
    private CallResult Result(WorkerAnswer<CallResult> answer, WorkerProcess worker, string key, TimeSpan deadline)
    {
        if (answer.Value is { } value)
        {
            return value;
        }

        return answer.Loss == WorkerLoss.None
            ? new CallResult(CallOutcome.Faulted, null, "The worker could not make the call: " + answer.Message)
            : Lost(answer.Loss, null, worker, key, deadline);
    }

    /// <summary>A worker lost during a call: recorded, replaced, and the call blamed for it. <paramref name="why"/> is the protocol breach, if that was it.</summary>
    private CallResult Lost(WorkerLoss loss, string? why, WorkerProcess worker, string key, TimeSpan deadline)
    {
        var how = worker.ExitDescription();
        worker.Kill();
        RecordLoss();
        LogLost(key, how);
        return loss == WorkerLoss.DeadlinePassed
            ? new CallResult(CallOutcome.TimedOut, null, $"The isolated call passed its {deadline.TotalMilliseconds:N0} ms deadline; its worker was killed and replaced.")
            : why is not null
                ? new CallResult(CallOutcome.Faulted, null, $"The worker running the plugin was lost: it broke the call protocol ({why}), so it was treated as hostile, killed and replaced.")
                : new CallResult(CallOutcome.Faulted, null, $"The worker running the plugin was lost ({how}: a crash, a limit of the operating system, or a flood of output); it was replaced.");
    }

    private static CallResult WorkerLost(string key)
        => new(CallOutcome.Faulted, null, $"The worker that was to run {key} was lost (another plugin's crash or deadline) before the call could be made, twice; the call did not run. Try again.") { WorkerLost = true };

    private WorkerProcess? ServingNow()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _serving?.IsAlive == true ? _serving : null;
        }
    }

    /// <summary>Loads a plugin the worker does not have (it was approved while the worker was being replaced).</summary>
    private async Task<bool> ReloadAsync(WorkerProcess worker, string key, CancellationToken cancellationToken)
    {
        LoadRequest? request;
        lock (_lock)
        {
            request = _loaded.GetValueOrDefault(key);
        }

        if (request is null)
        {
            return false;
        }

        var answer = await worker.CallAsync(WorkerMethods.Load, request, LoadDeadline(request.Limits), cancellationToken).ConfigureAwait(false);
        return answer.Value?.IsCompleted == true || answer.Loss == WorkerLoss.NotStarted;
    }
}
