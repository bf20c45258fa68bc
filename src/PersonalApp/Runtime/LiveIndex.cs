using System.Collections.Immutable;
using PersonalApp.Catalog;

namespace PersonalApp.Runtime;

/// <summary>
/// The live version of each plugin, and the <see cref="LiveIndexSnapshot"/> that <c>GetAll</c> reads. Every change
/// happens under one lock (not a loader's own hot reload) and publishes a new snapshot; callers unload what a change
/// returns, after the lock, so a caller in the middle of a call on the old version finishes it.
/// </summary>
internal sealed class LiveIndex
{
    private readonly Lock _lock = new();
    private ImmutableDictionary<string, LoadedPlugin> _active = ImmutableDictionary<string, LoadedPlugin>.Empty.WithComparers(StringComparer.Ordinal);
    private volatile LiveIndexSnapshot _snapshot = LiveIndexSnapshot.Empty;
    private volatile int _loadedInProcess;
    private bool _closed;

    /// <summary>Gets the current snapshot.</summary>
    public LiveIndexSnapshot Snapshot => _snapshot;

    /// <summary>Gets the number of live versions.</summary>
    public int Count => _active.Count;

    /// <summary>Gets how many live versions are loaded in process (pending entries and isolated versions not counted), kept with each change.</summary>
    public int LoadedInProcess => _loadedInProcess;

    /// <summary>Gets every live entry, pending ones included, at one moment.</summary>
    public IEnumerable<LoadedPlugin> All => _active.Values;

    /// <summary>The live version of a plugin, if any.</summary>
    public LoadedPlugin? Find(string pluginId) => _active.GetValueOrDefault(pluginId);

    /// <summary>The live version and audience of each plugin, one snapshot (pending ones included: they are live, not yet loaded).</summary>
    public IReadOnlyDictionary<string, (Catalog.PluginVersionKey Key, Catalog.PluginAudience Audience)> Versions()
        => _active.ToDictionary(p => p.Key, p => (p.Value.Key, p.Value.Audience), StringComparer.Ordinal);

    /// <summary>Makes <paramref name="loaded"/> its plugin's live version; returns the one it replaced.</summary>
    public LoadedPlugin? Swap(LoadedPlugin loaded)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var old = _active.GetValueOrDefault(loaded.Key.PluginId);
            _loadedInProcess += InProcess(loaded) - InProcess(old);
            Publish(_active.SetItem(loaded.Key.PluginId, loaded));
            return old;
        }
    }

    /// <summary>Makes many versions live with one snapshot (start-up); returns those they replaced.</summary>
    public IReadOnlyList<LoadedPlugin> SwapAll(IReadOnlyCollection<LoadedPlugin> loaded)
    {
        if (loaded.Count == 0)
        {
            return [];
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var replaced = new List<LoadedPlugin>();
            var builder = _active.ToBuilder();
            foreach (var plugin in loaded)
            {
                if (builder.TryGetValue(plugin.Key.PluginId, out var old))
                {
                    replaced.Add(old);
                }

                _loadedInProcess += InProcess(plugin) - InProcess(old);
                builder[plugin.Key.PluginId] = plugin;
            }

            Publish(builder.ToImmutable());
            return replaced;
        }
    }

    /// <summary>Whether <paramref name="plugin"/> is its plugin's live version.</summary>
    public bool IsLive(LoadedPlugin plugin) => _active.TryGetValue(plugin.Key.PluginId, out var current) && ReferenceEquals(current, plugin);

    /// <summary>The live entries not loaded yet (read at start-up, loaded on first use).</summary>
    public IReadOnlyList<LoadedPlugin> Pending() => [.. _active.Values.Where(p => p.Host is Hosts.PendingPluginHost)];

    /// <summary>
    /// Puts loaded versions in the place of their pending entries and takes out those that did not load, in one snapshot.
    /// An entry an admin replaced or revoked meanwhile keeps the admin's change; the version loaded for it is returned,
    /// for the caller to unload.
    /// </summary>
    public IReadOnlyList<LoadedPlugin> Settle(IReadOnlyList<(LoadedPlugin Pending, LoadedPlugin? Loaded)> results)
    {
        lock (_lock)
        {
            var stale = new List<LoadedPlugin>();
            var replaced = new List<(LoadedPlugin Old, LoadedPlugin? New)>(results.Count);
            var builder = _active.ToBuilder();
            foreach (var (pending, loaded) in results)
            {
                var live = builder.TryGetValue(pending.Key.PluginId, out var current) && ReferenceEquals(current, pending) && !_closed;
                if (!live)
                {
                    if (loaded is not null)
                    {
                        stale.Add(loaded);
                    }
                }
                else if (loaded is null)
                {
                    builder.Remove(pending.Key.PluginId);
                    _loadedInProcess -= InProcess(pending);
                    replaced.Add((pending, null));
                }
                else
                {
                    // Shared or not as the admin last said, even if that changed while it loaded.
                    loaded.Audience = pending.Audience;
                    _loadedInProcess += InProcess(loaded) - InProcess(pending);
                    builder[pending.Key.PluginId] = loaded;
                    replaced.Add((pending, loaded));
                }
            }

            // Only the settled entries' lists change: the snapshot is patched, not rebuilt (a user's first GetAll at a
            // time would otherwise rebuild the whole index once per user).
            _active = builder.ToImmutable();
            _snapshot = _active.IsEmpty ? LiveIndexSnapshot.Empty : new LiveIndexSnapshot(_snapshot, replaced);
            return stale;
        }
    }

    /// <summary>Takes a plugin out of service; returns the version that was live.</summary>
    public LoadedPlugin? Remove(string pluginId)
    {
        lock (_lock)
        {
            var removed = _active.GetValueOrDefault(pluginId);
            if (removed is not null)
            {
                _loadedInProcess -= InProcess(removed);
                Publish(_active.Remove(pluginId));
            }

            return removed;
        }
    }

    /// <summary>Takes <paramref name="plugin"/> out of service only if it is still its plugin's live version.</summary>
    public bool RemoveIfLive(LoadedPlugin plugin)
    {
        lock (_lock)
        {
            if (!_active.TryGetValue(plugin.Key.PluginId, out var current) || !ReferenceEquals(current, plugin))
            {
                return false;
            }

            _loadedInProcess -= InProcess(plugin);
            Publish(_active.Remove(plugin.Key.PluginId));
            return true;
        }
    }

    /// <summary>Changes who gets a live plugin besides its owner. Returns false when the plugin is not live.</summary>
    public bool SetAudience(string pluginId, Catalog.PluginAudience audience)
    {
        lock (_lock)
        {
            if (!_active.TryGetValue(pluginId, out var plugin))
            {
                return false;
            }

            plugin.Audience = audience;
            Publish(_active);
            return true;
        }
    }

    /// <summary>Empties the index for good; returns what was live, for the caller to unload. Later swaps throw.</summary>
    public IReadOnlyList<LoadedPlugin> Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return [];
            }

            _closed = true;
            _loadedInProcess = 0;
            var all = _active.Values.ToList();
            Publish(_active.Clear());
            return all;
        }
    }

    private void Publish(ImmutableDictionary<string, LoadedPlugin> active)
    {
        _active = active;
        _snapshot = active.IsEmpty ? LiveIndexSnapshot.Empty : new LiveIndexSnapshot(active.Values);
    }

    private static int InProcess(LoadedPlugin? plugin) => plugin?.Host is Hosts.InProcessPluginHost ? 1 : 0;
}
