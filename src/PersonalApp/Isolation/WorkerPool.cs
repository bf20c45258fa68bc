using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Runtime;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// The pool of worker processes. A few warm workers wait ready; one of them serves the approved isolated plugins
/// (each loaded into its own collectible context there). A worker that crashes, hangs past its deadline or floods
/// its output is killed, and a warm one takes its place with the same plugins loaded again; unapproved code runs only
/// in one-shot workers that are discarded afterwards. After repeated losses the pool cools down instead of spinning.
/// </summary>
internal sealed partial class WorkerPool : IPluginIsolation, IDisposable
{
    private readonly IsolationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerPool> _logger;
    private readonly Lazy<WorkerLauncher> _launcher;
    private readonly Lock _lock = new();
    private readonly Queue<Task<WorkerProcess>> _warm = new();
    private readonly Dictionary<string, LoadRequest> _loaded = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _losses = new();
    private readonly SemaphoreSlim _servingGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private WorkerProcess? _serving;
    private DateTimeOffset _coolUntil;
    private int _replaced;
    private bool _disposed;

    public WorkerPool(IOptions<PersonalizationOptions> options, ExtensionPointRegistry extensionPoints, TimeProvider time, ILogger<WorkerPool> logger)
    {
        _options = options.Value.Isolation;
        _time = time;
        _logger = logger;
        _launcher = new Lazy<WorkerLauncher>(() =>
        {
            var launcher = new WorkerLauncher(_options, extensionPoints.All.SelectMany(p => ContractAssemblies(p.ContractType)));
            LogStarted(launcher.Report.ToString());
            return launcher;
        });
    }

    public IsolationReport Report
    {
        get
        {
            var report = _launcher.Value.Report;
            Warm();
            lock (_lock)
            {
                return report with
                {
                    WorkersAlive = _warm.Count(t => t.IsCompletedSuccessfully && t.Result.IsAlive) + (_serving?.IsAlive == true ? 1 : 0),
                    WorkersReplaced = _replaced,
                    CoolingDown = _time.GetUtcNow() < _coolUntil,
                };
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
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_warm.Count < _options.PoolSize && _time.GetUtcNow() >= _coolUntil)
            {
                var starting = WorkerProcess.StartAsync(_launcher.Value, _options.MaxResponseBytes + (64 * 1024), _stopping.Token);
                _warm.Enqueue(starting);
            }
        }
    }

    public async Task<CallResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var (serving, refused) = await ServingAsync(cancellationToken).ConfigureAwait(false);
        if (serving is null)
        {
            return refused!;
        }

        var result = await serving.CallAsync(WorkerMethods.Load, request, LoadDeadline(request.Limits), cancellationToken).ConfigureAwait(false)
            ?? Lost(serving, request.Key, LoadDeadline(request.Limits));
        if (result.Outcome == nameof(PluginOutcomeKind.Completed))
        {
            lock (_lock)
            {
                _loaded[request.Key] = request;
            }
        }

        return result;
    }

    public async Task<CallResult> InvokeAsync(InvokeRequest request, CallLimits limits, CancellationToken cancellationToken)
    {
        var (serving, refused) = await ServingAsync(cancellationToken).ConfigureAwait(false);
        if (serving is null)
        {
            return refused!;
        }

        var started = _time.GetTimestamp();
        var deadline = Deadline(limits);
        var result = await serving.CallAsync(WorkerMethods.Invoke, request, deadline, cancellationToken).ConfigureAwait(false);
        return result ?? Lost(serving, request.Key, deadline, _time.GetElapsedTime(started));
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
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
        _serving?.Dispose();
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

        _servingGate.Dispose();
        if (_launcher.IsValueCreated)
        {
            _launcher.Value.StopAll();
            _launcher.Value.DeleteWorkDirectory();
        }

        _stopping.Dispose();
    }

    private TimeSpan Deadline(CallLimits limits) => TimeSpan.FromMilliseconds(limits.TimeoutMilliseconds) + _options.DeadlineMargin;

    /// <summary>A load also pays the worker's first use of the loader and serializer (JIT), so it gets more time than a call.</summary>
    private TimeSpan LoadDeadline(CallLimits limits) => Deadline(limits) + TimeSpan.FromSeconds(30);

    /// <summary>The serving worker, started (and given the loaded plugins again) when there is none alive.</summary>
    private async Task<(WorkerProcess? Worker, CallResult? Refused)> ServingAsync(CancellationToken cancellationToken)
    {
        var current = _serving;
        if (current?.IsAlive == true)
        {
            return (current, null);
        }

        await _servingGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_serving?.IsAlive == true)
            {
                return (_serving, null);
            }

            _serving?.Dispose();
            _serving = null;
            var worker = await TakeWarmAsync(cancellationToken).ConfigureAwait(false);
            if (worker is null)
            {
                return (null, new CallResult(nameof(PluginOutcomeKind.Faulted), null, CoolingMessage()));
            }

            List<LoadRequest> reload;
            lock (_lock)
            {
                reload = [.. _loaded.Values];
            }

            foreach (var request in reload)
            {
                var result = await worker.CallAsync(WorkerMethods.Load, request, LoadDeadline(request.Limits), cancellationToken).ConfigureAwait(false);
                if (result?.Outcome != nameof(PluginOutcomeKind.Completed))
                {
                    LogReloadFailed(request.Key, result?.Message ?? "the worker was lost");
                }
            }

            _serving = worker;
            return (worker, null);
        }
        finally
        {
            _servingGate.Release();
            Warm();
        }
    }

    private async Task<WorkerProcess?> TakeWarmAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<WorkerProcess>? starting;
            lock (_lock)
            {
                // While cooling down no worker is handed out, warm or new: the plugin that keeps killing them waits.
                if (_time.GetUtcNow() < _coolUntil)
                {
                    return null;
                }

                if (_warm.Count == 0)
                {
                    _warm.Enqueue(WorkerProcess.StartAsync(_launcher.Value, _options.MaxResponseBytes + (64 * 1024), _stopping.Token));
                }

                starting = _warm.Dequeue();
            }

            try
            {
                var worker = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (worker.IsAlive)
                {
                    return worker;
                }

                worker.Dispose();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(ex);
                RecordLoss();
                if (_time.GetUtcNow() < _coolUntil)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>Records a lost worker and says what the call's outcome was.</summary>
    private CallResult Lost(WorkerProcess worker, string key, TimeSpan deadline, TimeSpan? elapsed = null)
    {
        var how = worker.ExitDescription();
        worker.Dispose();
        RecordLoss();
        LogLost(key, how);
        var timedOut = elapsed is { } e && e >= deadline;
        return timedOut
            ? new CallResult(nameof(PluginOutcomeKind.TimedOut), null, $"The isolated call passed its {deadline.TotalMilliseconds:N0} ms deadline; its worker was killed and replaced.")
            : new CallResult(nameof(PluginOutcomeKind.Faulted), null, $"The worker running the plugin was lost ({how}: a crash, a limit of the operating system, or a flood of output); it was replaced.");
    }

    private void RecordLoss()
    {
        lock (_lock)
        {
            _replaced++;
            var now = _time.GetUtcNow();
            _losses.Enqueue(now);
            while (_losses.Count > 0 && now - _losses.Peek() > _options.FailureWindow)
            {
                _losses.Dequeue();
            }

            if (_losses.Count >= _options.FailuresBeforeCooldown)
            {
                _coolUntil = now + _options.Cooldown;
                _losses.Clear();
                LogCoolingDown(_options.Cooldown.TotalSeconds);
            }
        }
    }

    private string CoolingMessage() => $"The isolated tier is cooling down after {_options.FailuresBeforeCooldown} lost workers within {_options.FailureWindow}; it starts workers again after {_options.Cooldown}.";

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "PersonalApp isolated tier ready. {Report}")]
    private partial void LogStarted(string report);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "The worker running plugin {Key} was lost ({How}) and replaced")]
    private partial void LogLost(string key, string how);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "The isolated tier is cooling down for {Seconds} s after repeated worker losses")]
    private partial void LogCoolingDown(double seconds);

    [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "A worker could not be started")]
    private partial void LogStartFailed(Exception exception);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "Plugin {Key} could not be loaded again into a replacement worker: {Reason}")]
    private partial void LogReloadFailed(string key, string reason);
}
