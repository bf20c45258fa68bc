using Microsoft.Extensions.Logging;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>The serving worker's replacement, the warm workers, and the cool-down after repeated losses.</summary>
internal sealed partial class WorkerPool
{
    /// <summary>
    /// The serving worker. When there is none alive, one replacement is started (a warm worker given the loaded plugins
    /// again) and every caller awaits that same replacement; no lock is held while it loads.
    /// </summary>
    private async Task<(WorkerProcess? Worker, CallResult? Refused)> ServingAsync(CancellationToken cancellationToken)
    {
        Task<WorkerProcess?> replacing;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_serving?.IsAlive == true)
            {
                return (_serving, null);
            }

            if (_replacing is null || _replacing.IsCompleted)
            {
                _replacing = Task.Run(ReplaceAsync, CancellationToken.None);
            }

            replacing = _replacing;
        }

        WorkerProcess? worker;
        try
        {
            worker = await replacing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // The tier could not set up or start a worker (it tries again later): the call did not run, and it is not the plugin's fault.
            return (null, new CallResult(CallOutcome.Faulted, null, "The isolated tier could not provide a worker: " + ex.Message) { WorkerLost = true });
        }

        return worker is null
            ? (null, new CallResult(CallOutcome.Faulted, null, CoolingMessage()) { WorkerLost = true })
            : (worker, null);
    }

    private async Task<WorkerProcess?> ReplaceAsync()
    {
        var worker = await TakeWarmAsync(_stopping.Token).ConfigureAwait(false);
        if (worker is null)
        {
            return null;
        }

        List<LoadRequest> reload;
        lock (_lock)
        {
            reload = [.. _loaded.Values];
        }

        foreach (var request in reload)
        {
            var answer = await worker.CallAsync(WorkerMethods.Load, request, LoadDeadline(request.Limits), _stopping.Token).ConfigureAwait(false);
            if (answer.Value?.IsCompleted != true)
            {
                LogReloadFailed(request.Key, answer.Value?.Message ?? answer.Message ?? "the worker was lost");
            }
        }

        WorkerProcess? old;
        lock (_lock)
        {
            old = _serving;
            _serving = worker;
        }

        if (old is not null && !ReferenceEquals(old, worker))
        {
            // Its process is already dead or dying; waiting for it to exit is not the caller's business.
            _ = Task.Run(old.Dispose);
        }

        Warm();
        return worker;
    }

    private async Task<WorkerProcess?> TakeWarmAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<WorkerProcess> starting;
            var launcher = _launcher.Value;
            lock (_lock)
            {
                // While cooling down no worker is handed out, warm or new: the plugin that keeps killing them waits.
                if (_time.GetUtcNow() < _coolUntil)
                {
                    return null;
                }

                if (_warm.Count == 0)
                {
                    _warm.Enqueue(WorkerProcess.StartAsync(launcher, ResponseBudget, _broker, _stopping.Token));
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

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Removed {Count} isolation work folders left in the temp folder by hosts that are gone")]
    private partial void LogCleaned(int count);
}
