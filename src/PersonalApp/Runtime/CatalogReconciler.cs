using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Isolation;

namespace PersonalApp.Runtime;

/// <summary>
/// Keeps this node's live plugins in step with a catalog that other nodes change. On each notice from the
/// <see cref="ICatalogChangeFeed"/> (and every <see cref="CatalogReconcilerOptions.ResyncInterval"/> as a safety net) it
/// compares what is live here with the catalog: loads a version that is active there and not live here (its SHA-256
/// checked, as at start-up), unloads one that is live here and no longer active, and applies audience changes. It holds
/// the node's <see cref="ActivationGate"/> while it does, so it never races this node's own approvals.
/// </summary>
/// <remarks>
/// A version that fails to load here (its contract changed on this node, say) is logged and audited once, and left as the
/// catalog says: other nodes may run it, so one node's failure does not suspend it for the fleet. A hash mismatch is the
/// exception: the bytes are the catalog's, so the version is quarantined everywhere.
/// </remarks>
internal sealed partial class CatalogReconciler : BackgroundService
{
    private readonly ICatalogChangeFeed _feed;
    private readonly IPluginCatalog _catalog;
    private readonly PluginRuntime _runtime;
    private readonly ActivationGate _gate;
    private readonly PlacementAdvisor _placements;
    private readonly WorkerPool _workers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _resyncInterval;
    private readonly ILogger<CatalogReconciler> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _pendingLock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<PluginVersionKey> _reportedFailures = [];
    private bool _pendingEverything = true;

    public CatalogReconciler(ICatalogChangeFeed feed, IPluginCatalog catalog, PluginRuntime runtime, ActivationGate gate, PlacementAdvisor placements, WorkerPool workers, CatalogReconcilerOptions options, TimeProvider time, ILogger<CatalogReconciler> logger)
    {
        _feed = feed;
        _catalog = catalog;
        _runtime = runtime;
        _gate = gate;
        _placements = placements;
        _workers = workers;
        _time = time;
        _resyncInterval = options.ResyncInterval;
        _logger = logger;
    }

    /// <summary>Gets how many passes have completed; for tests and health checks.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    private long _passes;

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var listening = ListenAsync(stoppingToken);
        var warming = Task.Run(WarmUpIsolation, CancellationToken.None);
        var retryDelay = TimeSpan.FromMilliseconds(200);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await _wake.WaitAsync(_resyncInterval, stoppingToken).ConfigureAwait(false))
                {
                    lock (_pendingLock)
                    {
                        _pendingEverything = true;
                    }
                }

                bool everything;
                List<string> plugins;
                lock (_pendingLock)
                {
                    everything = _pendingEverything;
                    plugins = [.. _pending];
                    _pendingEverything = false;
                    _pending.Clear();
                }

                if (!everything && plugins.Count == 0)
                {
                    continue;
                }

                try
                {
                    await ReconcileAsync(everything ? null : plugins, stoppingToken).ConfigureAwait(false);
                    retryDelay = TimeSpan.FromMilliseconds(200);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The catalog is unreachable or failed mid-pass: look at everything again once it may be back.
                    LogPassFailed(ex.Message);
                    lock (_pendingLock)
                    {
                        _pendingEverything = true;
                    }

                    await Task.Delay(retryDelay, _time, stoppingToken).ConfigureAwait(false);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                    _wake.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await listening.ConfigureAwait(false);
        await warming.ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the warm workers now when approvals place plugins in worker processes by default: another node's approval
    /// can arrive at any moment, and without a warm worker this node's first isolated load waits for a worker's cold start
    /// (a process, bubblewrap, the runtime: a second or more on a small machine), which made the first approval after
    /// start-up the slow one in fifty. A node that places plugins in process starts no worker.
    /// </summary>
    private void WarmUpIsolation()
    {
        try
        {
            if (_placements.IsolatesByDefault())
            {
                _workers.Warm();
                LogWorkersWarming();
            }
        }
        catch (Exception ex) when (ex is PersonalizationException or ObjectDisposedException)
        {
            // The isolated tier cannot start here, or the host is stopping: an isolated load reports it when it happens.
            LogWorkersNotWarmed(ex.Message);
        }
    }

    /// <summary>Compares the given plugins (all, when <see langword="null"/>) with the catalog and moves this node to match.</summary>
    internal async Task ReconcileAsync(IReadOnlyCollection<string>? plugins, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                LogPassStarted(plugins is null ? "every plugin" : string.Join(",", plugins), _time.GetElapsedTime(started).TotalMilliseconds);
            }

            await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);

            // Live first, catalog second: whatever the catalog says is at least as new as what is live.
            var live = _runtime.LiveVersions();
            Dictionary<string, PluginVersionInfo> active;
            IEnumerable<string> ids;
            if (plugins is null)
            {
                active = _catalog.List(PluginStatus.Active).ToDictionary(v => v.Key.PluginId, StringComparer.Ordinal);
                ids = active.Keys.Union(live.Keys, StringComparer.Ordinal);
            }
            else
            {
                active = new Dictionary<string, PluginVersionInfo>(StringComparer.Ordinal);
                foreach (var id in plugins)
                {
                    if (_catalog.ListVersions(id).FirstOrDefault(v => v.Status == PluginStatus.Active) is { } version)
                    {
                        active[id] = version;
                    }
                }

                ids = plugins;
            }

            LogCatalogRead(_time.GetElapsedTime(started).TotalMilliseconds);

            foreach (var id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ReconcileAsync(id, active.GetValueOrDefault(id), live.TryGetValue(id, out var here) ? here : null, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _passes);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileAsync(string pluginId, PluginVersionInfo? active, (PluginVersionKey Key, PluginAudience Audience)? live, CancellationToken cancellationToken)
    {
        if (active is null)
        {
            if (live is { } gone)
            {
                _runtime.Deactivate(pluginId);
                LogUnloaded(gone.Key.ToString());
            }

            return;
        }

        if (live is { } current && current.Key == active.Key)
        {
            var audience = _catalog.GetAudience(pluginId);
            if (audience != current.Audience && _runtime.SetAudience(pluginId, audience))
            {
                LogAudience(pluginId, audience.ToString());
            }

            return;
        }

        try
        {
            var loading = _time.GetTimestamp();
            var loaded = await _runtime.LoadAsync(active, active.Placement ?? PluginPlacement.InProcess, cancellationToken).ConfigureAwait(false);
            var swapping = _time.GetTimestamp();
            _runtime.Activate(loaded);
            LogSwapped(active.Key.ToString(), _time.GetElapsedTime(loading, swapping).TotalMilliseconds, _time.GetElapsedTime(swapping).TotalMilliseconds);
            lock (_reportedFailures)
            {
                _reportedFailures.Remove(active.Key);
            }

            LogLoaded(active.Key.ToString(), live?.Key.ToString() ?? "none");
        }
        catch (PersonalizationException ex)
        {
            // Left as the catalog says (a mismatched hash was quarantined by Load); what was live here for the plugin stays unloaded.
            if (live is not null)
            {
                _runtime.Deactivate(pluginId);
            }

            bool first;
            lock (_reportedFailures)
            {
                first = _reportedFailures.Add(active.Key);
            }

            if (first)
            {
                LogLoadFailed(active.Key.ToString(), ex.Message);
                if (ex.DiagnosticId != DiagnosticIds.HashMismatch)
                {
                    _catalog.AppendAudit(AuditActions.LoadFailed, AuditActions.SystemActor, pluginId, active.Key.Version, $"not loaded on node {Environment.MachineName}/{Environment.ProcessId}: {ex.Message}");
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var notice in _feed.ReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogNotice(notice.PluginId ?? "every plugin");
                    lock (_pendingLock)
                    {
                        if (notice.IsEverything)
                        {
                            _pendingEverything = true;
                        }
                        else
                        {
                            _pending.Add(notice.PluginId!);
                        }
                    }

                    _wake.Release();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A feed that fails outright is restarted; the periodic pass keeps the node right meanwhile.
                LogFeedFailed(ex.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Starting the warm workers, so the first isolated version another node approves does not wait for a worker's cold start")]
    private partial void LogWorkersWarming();

    [LoggerMessage(EventId = 1112, Level = LogLevel.Debug, Message = "The warm workers were not started ({Reason})")]
    private partial void LogWorkersNotWarmed(string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Notice heard for {PluginId}")]
    private partial void LogNotice(string pluginId);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "A pass over {Plugins} began after {WaitedMs} ms waiting for the activation gate")]
    private partial void LogPassStarted(string plugins, double waitedMs);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "The pass read the catalog {ElapsedMs} ms after it was asked for")]
    private partial void LogCatalogRead(double elapsedMs);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Debug, Message = "Plugin version {Key} loaded in {LoadMs} ms and swapped in {SwapMs} ms")]
    private partial void LogSwapped(string key, double loadMs, double swapMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Plugin version {Key} is live on this node (it replaces {Previous}): another node changed the catalog")]
    private partial void LogLoaded(string key, string previous);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Plugin version {Key} was unloaded on this node: it is no longer active in the catalog")]
    private partial void LogUnloaded(string key);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Plugin {PluginId} is now shared with {Audience} on this node")]
    private partial void LogAudience(string pluginId, string audience);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Plugin version {Key} is active in the catalog but could not be loaded on this node: {Reason}")]
    private partial void LogLoadFailed(string key, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "A pass comparing this node with the catalog failed ({Reason}); trying again")]
    private partial void LogPassFailed(string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "The catalog's change feed failed ({Reason}); restarting it")]
    private partial void LogFeedFailed(string reason);
}
