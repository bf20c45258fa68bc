using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;

namespace PersonalApp.Runtime;

/// <summary>
/// The live plugins, as the host sees them (<see cref="IPersonalFeatures"/>) and as the approvals change them. The work
/// is split by job: <see cref="LiveIndex"/> holds the live versions and swaps them under its lock,
/// <see cref="StartupLoader"/> loads what was active, <see cref="VersionLoader"/> checks and loads one version into the
/// <see cref="IPluginHost"/> of its placement, and this type ties them together and unloads what a swap replaced.
/// </summary>
internal sealed partial class PluginRuntime : IPersonalFeatures, IDisposable
{
    private readonly VersionLoader _loader;
    private readonly StartupLoader _startup;
    private readonly PluginLifecycle _lifecycle;
    private readonly IUserGroups _groups;
    private readonly ILogger<PluginRuntime> _logger;
    private readonly PluginInvoker _invoker;
    private readonly LiveIndex _index = new();
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initGate = new(1, 1);

    /// <summary>Serializes loading pending entries and the hash sweep, so a version is loaded or quarantined once.</summary>
    private readonly Lock _loadLock = new();
    private readonly List<WeakReference> _unloading = [];
    private volatile bool _initialized;
    private volatile bool _disposed;

    public PluginRuntime(
        VersionLoader loader,
        StartupLoader startup,
        PluginLifecycle lifecycle,
        IUserGroups groups,
        TimeProvider time,
        IOptions<PersonalizationOptions> options,
        ILogger<PluginRuntime> logger)
    {
        _maxLoadedInProcess = MaxLoadedInProcess(options.Value);
        _loader = loader;
        _startup = startup;
        _lifecycle = lifecycle;
        _groups = groups;
        _time = time;
        _logger = logger;
        _invoker = new PluginInvoker(this, time, logger);
    }

    /// <summary>Gets the number of live versions. For tests and health checks.</summary>
    public int ActiveCount => _index.Count;

    public IReadOnlyList<PersonalFeature<TContract>> GetAll<TContract>(string userId)
        where TContract : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        EnsureInitialized();
        var contract = typeof(TContract);
        var plugins = Applicable(_index.Snapshot, userId, contract);
        var loadedNow = false;
        if (HasPending(plugins))
        {
            // The user's first GetAll since start-up (or since their versions were unloaded while idle): load what they
            // get (every check, one audit batch), then look again.
            LoadPending(plugins);
            plugins = Applicable(_index.Snapshot, userId, contract);
            loadedNow = true;
        }

        var features = new List<PersonalFeature<TContract>>(plugins.Count);
        var now = Environment.TickCount64;
        for (var i = 0; i < plugins.Count; i++)
        {
            var plugin = plugins[i];
            if (!plugin.Disabled && plugin.Host is not PendingPluginHost)
            {
                // Written only when it changes (once a millisecond at most): a plugin shared by many users is handed out on
                // many cores, and a write each time would bounce its cache line between them.
                if (plugin.LastHandedOut != now)
                {
                    plugin.LastHandedOut = now;
                }

                features.Add(new PersonalFeature<TContract>(plugin, _invoker, userId) { Audience = plugin.Audience });
            }
        }

        if (loadedNow)
        {
            // What was handed out stays usable by its holder even if the pass below unloads it from the index.
            UnloadIdleIfOver();
        }

        return features;
    }

    /// <summary>Changes who gets a live plugin besides its owner (the store is the caller's business). Returns false when the plugin is not live.</summary>
    public bool SetAudience(string pluginId, PluginAudience audience) => _index.SetAudience(pluginId, audience);

    /// <summary>
    /// Reads what the store says is active, once, on the caller's thread: <see cref="IPersonalFeatures.GetAll{TContract}"/>
    /// is synchronous, and a host used without a generic host reads the catalog on its first call.
    /// </summary>
    public void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        _initGate.Wait();
        try
        {
            InitializeLocked(CancellationToken.None);
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>
    /// Reads what the store says is active, once (the start-up service calls this): a catalog read, not a load per plugin.
    /// Each version loads, with every check, on the first <c>GetAll</c> that would hand it out; the start-up service warms
    /// the load path in the background right after (<see cref="WarmUpLoadPath"/>), off the serving path.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Run(() => InitializeLocked(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Reads the catalog into pending entries and publishes them; called holding the init gate. False when done already.</summary>
    private bool InitializeLocked(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return false;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = _startup.ReadActive(cancellationToken);
        foreach (var replaced in _index.SwapAll(pending))
        {
            Unload(replaced);
        }

        if (LoadContextCapacity.Warning(pending.Count(p => p.Placement == PluginPlacement.InProcess), LoadContextCapacity.ReadMaxMapCount()) is { } tooMany)
        {
            LogCapacity(tooMany);
        }

        _initialized = true;
        return true;
    }

    /// <summary>Loads a version without making it live (see <see cref="VersionLoader"/> for its checks).</summary>
    public async Task<LoadedPlugin> LoadAsync(PluginVersionInfo version, PluginPlacement placement, CancellationToken cancellationToken)
    {
        // When the plugin has a live version, its first version's date is known (and immutable): no catalog read for it.
        var createdAt = _index.Find(version.Key.PluginId)?.PluginCreatedAt;
        var loaded = await _loader.LoadAsync(version, placement, createdAt, audience: null, cancellationToken).ConfigureAwait(false);
        loaded.Proxy = GuardedProxy.Create(loaded, _invoker);
        return loaded;
    }

    /// <summary>Unloads a version that was loaded but will not go live (its approval failed to be stored).</summary>
    public void Discard(LoadedPlugin loaded) => Unload(loaded);

    /// <summary>Makes a loaded version the live one for its plugin and unloads the one it replaces.</summary>
    public void Activate(LoadedPlugin loaded)
    {
        Unload(_index.Swap(loaded));
        UnloadIdleIfOver();
    }

    /// <summary>Takes a plugin out of service and unloads it. Returns a handle to its load context, to verify the unload.</summary>
    public WeakReference? Deactivate(string pluginId)
    {
        var removed = _index.Remove(pluginId);
        if (removed is not null)
        {
            removed.Withdrawn = true;
        }

        return Unload(removed);
    }

    /// <summary>
    /// Takes a plugin that failed too often out of service: stores it as disabled (audited) and unloads it, if it is
    /// still the live version. Never throws at the caller whose call tipped it over.
    /// </summary>
    public void Disable(LoadedPlugin plugin, string reason)
    {
        plugin.Disabled = true;
        try
        {
            _lifecycle.Disable(plugin.Key, reason);
        }
        catch (PersonalizationException ex)
        {
            // Already superseded, revoked or disabled by someone else: the store is right as it is.
            LogDisableSkipped(plugin.Key.ToString(), ex.Message);
        }
        catch (Exception ex) when (CatalogFailure.IsExpected(ex))
        {
            // The store is locked or full right now: the plugin is out of service here at once, and the decision is
            // written as soon as the store takes it, so memory and store agree again without the caller paying for it.
            LogDisableDeferred(plugin.Key.ToString(), ex.Message);
            _ = StoreDisableLaterAsync(plugin.Key, reason);
        }

        if (_index.RemoveIfLive(plugin))
        {
            Unload(plugin);
        }
        else if (_index.Find(plugin.Key.PluginId) is { } current && current.Key == plugin.Key && current.Disabled && _index.RemoveIfLive(current))
        {
            // The feature was handed out before its version was unloaded while idle: the entry standing for it goes too.
            Unload(current);
        }

        LogDisabled(plugin.Key.ToString(), reason);
    }

    /// <summary>Writes a disable the store refused, retrying with a growing pause (0.2 s to 30 s) for about ten minutes.</summary>
    private async Task StoreDisableLaterAsync(PluginVersionKey key, string reason)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(pause, _time).ConfigureAwait(false);
            try
            {
                _lifecycle.Disable(key, reason);
                return;
            }
            catch (PersonalizationException ex)
            {
                LogDisableSkipped(key.ToString(), ex.Message);
                return;
            }
            catch (Exception ex) when (CatalogFailure.IsExpected(ex))
            {
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                LogDisableDeferred(key.ToString(), ex.Message);
            }
        }
    }

    /// <summary>A weak handle to a live version's load context. For tests that prove unloading.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal WeakReference? LoadContextOf(string pluginId) => _index.Find(pluginId)?.Host.LoadContextHandle();

    /// <summary>How many replaced or revoked versions' load contexts have not been collected yet.</summary>
    internal int PendingUnloads()
    {
        lock (_unloading)
        {
            _unloading.RemoveAll(w => !w.IsAlive);
            return _unloading.Count;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var plugin in _index.Close())
        {
            plugin.Host.Unload();
        }
    }

    /// <summary>The user's own live plugins of a contract and those shared with them, each once, oldest first.</summary>
    private IReadOnlyList<LoadedPlugin> Applicable(LiveIndexSnapshot snapshot, string userId, Type contract)
    {
        var owned = snapshot.Owned(userId, contract);
        if (!snapshot.AnyShares)
        {
            return owned;
        }

        IEnumerable<LoadedPlugin> shared = snapshot.SharedWith(PluginAudience.Everyone.ToString(), contract);
        if (snapshot.AnyGroupShares)
        {
            // The host's resolver is asked only while some plugin is shared with a group.
            shared = shared.Concat(_groups.GetGroups(userId).Distinct(StringComparer.Ordinal).SelectMany(g => snapshot.SharedWith(PluginAudience.Group(g).ToString(), contract)));
        }

        return owned.Concat(shared)
            .DistinctBy(p => p.Key.PluginId, StringComparer.Ordinal)
            .OrderBy(p => p.PluginCreatedAt)
            .ThenBy(p => p.Key.PluginId, StringComparer.Ordinal)
            .ToList();
    }

    private WeakReference? Unload(LoadedPlugin? plugin)
    {
        if (plugin is null)
        {
            return null;
        }

        var handle = plugin.Host.Unload();
        if (handle is not null)
        {
            lock (_unloading)
            {
                _unloading.RemoveAll(w => !w.IsAlive);
                _unloading.Add(handle);
            }
        }

        LogUnloaded(plugin.Key.ToString());
        return handle;
    }

    [LoggerMessage(EventId = 414, Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogCapacity(string warning);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Plugin version {Key} was unloaded")]
    private partial void LogUnloaded(string key);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Plugin version {Key} was disabled: {Reason}")]
    private partial void LogDisabled(string key, string reason);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Plugin version {Key} was not marked disabled in the store: {Reason}")]
    private partial void LogDisableSkipped(string key, string reason);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Plugin version {Key} is disabled here, but the store could not record it yet ({Reason}); trying again")]
    private partial void LogDisableDeferred(string key, string reason);
}
