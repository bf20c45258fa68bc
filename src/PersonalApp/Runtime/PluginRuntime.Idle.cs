using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;

namespace PersonalApp.Runtime;

/// <summary>
/// Unloading idle in-process versions: a process can map only so many collectible load contexts (about seven memory
/// mappings each, against Linux's <c>vm.max_map_count</c>), so past <see cref="PersonalizationOptions.MaxLoadedInProcess"/>
/// the versions handed out least recently are put back as pending entries, the state start-up leaves every version in,
/// and load again (with every check) when next handed out. A feature a caller still holds keeps working: its load
/// context is unloaded only once nothing references it, as with a replaced version.
/// </summary>
internal sealed partial class PluginRuntime
{
    /// <summary>The most in-process versions loaded at once, or null for no limit.</summary>
    private readonly int? _maxLoadedInProcess;

    /// <summary>Gets how many versions are loaded in process now (pending entries and isolated versions not counted). For tests and diagnostics.</summary>
    internal int LoadedInProcess => _index.LoadedInProcess;

    /// <summary>
    /// When more in-process versions are loaded than the limit allows, unloads the least recently handed out down to the
    /// limit (less a tenth, for large limits, so a busy host does not do this on every load). Each is replaced by a pending
    /// entry for the same version in service (<see cref="LoadedPlugin.Continue"/>), in one snapshot; an admin's change
    /// meanwhile wins. Runs after a load, never while one is in progress.
    /// </summary>
    private void UnloadIdleIfOver()
    {
        if (_maxLoadedInProcess is not { } limit || _index.LoadedInProcess <= limit || _disposed)
        {
            return;
        }

        var unloaded = new List<LoadedPlugin>();
        lock (_loadLock)
        {
            var loaded = _index.All.Where(p => p.Host is InProcessPluginHost && p.Stored is not null).ToList();
            if (loaded.Count <= limit)
            {
                return;
            }

            var target = limit - (limit / 10);
            var idle = loaded.OrderBy(p => p.LastHandedOut).Take(loaded.Count - target).ToList();
            var results = idle.Select(p => (p, (LoadedPlugin?)Pending(p))).ToList();
            var stale = _index.Settle(results);
            foreach (var (victim, entry) in results)
            {
                if (!stale.Contains(entry!))
                {
                    unloaded.Add(victim);
                }
            }
        }

        foreach (var plugin in unloaded)
        {
            Unload(plugin);
        }

        if (unloaded.Count > 0)
        {
            LogUnloadedIdle(unloaded.Count, limit);
        }
    }

    /// <summary>A pending entry for the version <paramref name="loaded"/> is, to load again on its next hand-out.</summary>
    private static LoadedPlugin Pending(LoadedPlugin loaded)
    {
        var entry = new LoadedPlugin(loaded.Key, loaded.ContractType, loaded.Owner, loaded.Wish, new PendingPluginHost(loaded.Stored!), loaded.Limits, loaded.PluginCreatedAt)
        {
            Granted = loaded.Granted,
            Audience = loaded.Audience,
            Stored = loaded.Stored,
            UnloadedWhileIdle = true,
        };
        entry.Continue(loaded);
        return entry;
    }

    /// <summary>The limit in force: the option, or what the process can map (Linux), or none.</summary>
    private static int? MaxLoadedInProcess(PersonalizationOptions options)
        => options.MaxLoadedInProcess ?? (LoadContextCapacity.Of(LoadContextCapacity.ReadMaxMapCount()) is { } capacity ? Math.Max(capacity, 1) : null);

    [LoggerMessage(EventId = 415, Level = LogLevel.Information, Message = "Unloaded {Count} plugin versions handed out least recently, to keep at most {Limit} loaded in process (MaxLoadedInProcess); each loads again when next handed out")]
    private partial void LogUnloadedIdle(int count, int limit);
}
