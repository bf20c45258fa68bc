using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;

namespace PersonalApp.Runtime;

/// <summary>Loading what start-up read as pending: on a user's first <c>GetAll</c>, to warm the load path, and the hash sweep.</summary>
internal sealed partial class PluginRuntime
{
    /// <summary>How many callers are loading pending entries or waiting to; the hash sweep pauses meanwhile.</summary>
    private int _loadsWaiting;

    private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Pays the load path's first-use costs early, so that a user's first <c>GetAll</c> does not: loads the first pending
    /// version of each extension point through <see cref="LoadPending"/>, with every check and its audit entry, as if its
    /// user had asked (it stays live). JIT, the IL scanner, the load context, the guarded proxy type and the audit write
    /// are then ready. The start-up service runs it in the background once serving has begun (a <c>GetAll</c> meanwhile
    /// takes its turn at the load lock, as with any other load), so start-up does not wait for it. A failure here is the
    /// load's own (quarantined, suspended or audited), or the store's (logged: the version loads on first use instead).
    /// </summary>
    public void WarmUpLoadPath(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var first in _index.Pending().GroupBy(p => p.ContractType).Select(g => g.First()))
            {
                if (cancellationToken.IsCancellationRequested || _disposed)
                {
                    return;
                }

                try
                {
                    LoadPending([first]);
                }
                catch (Exception ex) when (CatalogFailure.IsExpected(ex) || ex is CatalogConflictException or PersonalizationException)
                {
                    LogWarmUpSkipped(first.Key.ToString(), ex.Message);
                }
            }
        }
        finally
        {
            _warmedUp.TrySetResult();
        }
    }

    /// <summary>Completes once <see cref="WarmUpLoadPath"/> has run (whatever it found), for a host or benchmark that waits for it.</summary>
    internal Task WarmedUp => _warmedUp.Task;

    /// <summary>
    /// Checks the whole store when opening it left that to the background (a large embedded store), then the stored DLL of
    /// every version not loaded yet against its recorded hash, quarantining a tampered one even if no user asks for it.
    /// The start-up service runs it in the background; a damaged store ends it (the store is refused from then on).
    /// </summary>
    /// <remarks>
    /// The sweep gives way to users: it pauses while a <c>GetAll</c> loads, and reads and hashes outside the load lock,
    /// taking it only to quarantine (after checking again under it), so a user's first <c>GetAll</c> never queues
    /// behind it.
    /// </remarks>
    public void VerifyPending(CancellationToken cancellationToken)
    {
        if (!_startup.VerifyStore())
        {
            return;
        }

        foreach (var plugin in _index.Pending())
        {
            while (Volatile.Read(ref _loadsWaiting) > 0 && !cancellationToken.IsCancellationRequested && !_disposed)
            {
                Thread.Sleep(1);
            }

            if (cancellationToken.IsCancellationRequested || _disposed)
            {
                return;
            }

            if (!_index.IsLive(plugin) || _startup.Matches(plugin))
            {
                continue;
            }

            lock (_loadLock)
            {
                if (_index.IsLive(plugin) && !_startup.Verify(plugin))
                {
                    _index.RemoveIfLive(plugin);
                }
            }
        }
    }

    private static bool HasPending(IReadOnlyList<LoadedPlugin> plugins)
    {
        for (var i = 0; i < plugins.Count; i++)
        {
            if (plugins[i].Host is PendingPluginHost)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Loads the pending entries among <paramref name="plugins"/> and puts what loaded in their place, in one swap.</summary>
    private void LoadPending(IReadOnlyList<LoadedPlugin> plugins)
    {
        IReadOnlyList<LoadedPlugin> stale;
        Interlocked.Increment(ref _loadsWaiting);
        try
        {
            stale = LoadPendingLocked(plugins);
        }
        finally
        {
            Interlocked.Decrement(ref _loadsWaiting);
        }

        // Loaded while an admin replaced or revoked the version: never served.
        foreach (var plugin in stale)
        {
            Unload(plugin);
        }
    }

    private IReadOnlyList<LoadedPlugin> LoadPendingLocked(IReadOnlyList<LoadedPlugin> plugins)
    {
        lock (_loadLock)
        {
            // Another caller (or the hash sweep, or an admin) may have settled some of them meanwhile.
            var pending = plugins.Where(p => p.Host is PendingPluginHost && _index.IsLive(p)).ToList();
            if (pending.Count == 0)
            {
                return [];
            }

            var results = _startup.Load(pending);
            foreach (var (_, loaded) in results)
            {
                if (loaded is not null)
                {
                    loaded.Proxy = GuardedProxy.Create(loaded, _invoker);
                }
            }

            return _index.Settle(results);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "Warming the load path with plugin version {Key} was skipped, it loads on first use instead: {Reason}")]
    private partial void LogWarmUpSkipped(string key, string reason);
}
