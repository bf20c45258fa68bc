using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;

namespace PersonalApp.Runtime;

/// <summary>
/// Start-up's part of the runtime. At start it reads what the catalog says is active (one query, plus the audiences in
/// another) and settles what must be settled before anything is served: a version whose extension point the host no
/// longer declares is audited as not loadable, and one recorded against another contract (public API) is compiled again
/// and suspended when it no longer passes. The rest become pending entries that load on first use, each through every
/// check of <see cref="VersionLoader"/>; a background sweep checks the stored DLLs' hashes meanwhile, so a tampered one
/// is quarantined even if no one asks for it. Audit entries are written in one transaction per batch, not one per plugin.
/// </summary>
internal sealed partial class StartupLoader
{
    private readonly IPluginCatalog _store;
    private readonly PluginLifecycle _lifecycle;
    private readonly VersionLoader _loader;
    private readonly ContractRecheck _recheck;
    private readonly ILogger<StartupLoader> _logger;

    public StartupLoader(IPluginCatalog store, PluginLifecycle lifecycle, VersionLoader loader, ContractRecheck recheck, ILogger<StartupLoader> logger)
    {
        _store = store;
        _lifecycle = lifecycle;
        _loader = loader;
        _recheck = recheck;
        _logger = logger;
    }

    /// <summary>Reads the active versions as pending entries, settling the unloadable and the re-checks first.</summary>
    public IReadOnlyList<LoadedPlugin> ReadActive(CancellationToken cancellationToken)
    {
        // Without sources or checks: a pending entry needs neither, and reading them cost start-up time and memory per plugin.
        var active = _store.ListActiveForLoading();
        var audiences = _store.GetAudiences();
        var pending = new List<LoadedPlugin>(active.Count);
        var audit = new List<AuditRecord>();
        foreach (var stored in active)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var version = stored;
            try
            {
                var extensionPoint = _loader.ExtensionPointOf(version);
                if (_recheck.IsNeeded(version, extensionPoint))
                {
                    // Compiled again from its source, which the listing left out.
                    version = _store.GetVersion(version.Key) ?? version;
                }

                version = _recheck.Run(version, extensionPoint, cancellationToken);
                var createdAt = version.Key.Version == 1 ? version.CreatedAt : _store.GetVersion(version.Key with { Version = 1 })?.CreatedAt ?? version.CreatedAt;
                pending.Add(new LoadedPlugin(version.Key, extensionPoint.ContractType, version.Owner, version.Wish, new PendingPluginHost(version), _loader.LimitsOf(extensionPoint), createdAt)
                {
                    Granted = VersionLoader.GrantedSet(version.GrantedCapabilities),
                    Audience = audiences is null ? _store.GetAudience(version.Key.PluginId) : audiences.GetValueOrDefault(version.Key.PluginId, PluginAudience.Owner),
                });
            }
            catch (PersonalizationException ex)
            {
                Failed(version, ex, audit);
            }
        }

        Flush(audit);
        return pending;
    }

    /// <summary>Loads pending entries; returns each with what it became (<see langword="null"/> when it did not load).</summary>
    /// <remarks>
    /// <see cref="IPersonalFeatures.GetAll{TContract}"/> is synchronous, so this is too: the one place the runtime waits on
    /// a task. An in-process version loads synchronously; only an isolated one's round trip to its worker is waited for.
    /// </remarks>
    public IReadOnlyList<(LoadedPlugin Pending, LoadedPlugin? Loaded)> Load(IReadOnlyList<LoadedPlugin> pending)
    {
        var results = new List<(LoadedPlugin, LoadedPlugin?)>(pending.Count);
        var audit = new List<AuditRecord>();
        foreach (var entry in pending)
        {
            var version = ((PendingPluginHost)entry.Host).Version;
            try
            {
                // The entry knows the plugin's date and audience: no catalog read per plugin on the request path.
                var loaded = _loader.LoadAsync(version, entry.Placement, entry.PluginCreatedAt, entry.Audience, CancellationToken.None).GetAwaiter().GetResult();
                loaded.Granted = entry.Granted;
                loaded.Continue(entry);
                results.Add((entry, loaded));
                audit.Add(new AuditRecord(AuditActions.Loaded, AuditActions.SystemActor, version.Key.PluginId, version.Key.Version, entry.UnloadedWhileIdle ? "loaded again on use, after being unloaded while idle" : "loaded on first use after start-up"));
            }
            catch (PersonalizationException ex)
            {
                Failed(version, ex, audit);
                results.Add((entry, null));
            }
        }

        Flush(audit);
        return results;
    }

    /// <summary>
    /// Whether a pending entry's stored DLL still has its recorded hash, without acting on it: the sweep's check, made
    /// outside the load lock. False also when it cannot be read now; then <see cref="Verify"/> decides, under the lock.
    /// </summary>
    public bool Matches(LoadedPlugin pending)
    {
        var version = ((PendingPluginHost)pending.Host).Version;
        try
        {
            return _loader.ImageMatches(version);
        }
        catch (Exception ex) when (CatalogFailure.IsExpected(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// The whole-store check that opening a large store left to the background sweep; false, logged, when the store is
    /// damaged (the catalog then refuses every later use of it with PA0601, so nothing more is written to it).
    /// </summary>
    public bool VerifyStore()
    {
        try
        {
            _store.VerifyIntegrity();
            return true;
        }
        catch (PersonalizationException ex) when (ex.DiagnosticId == DiagnosticIds.StoreUnreadable)
        {
            LogStoreDamaged(ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is PersonalizationException || CatalogFailure.IsExpected(ex))
        {
            // Busy or locked now: not damage. The next start-up checks again.
            LogStoreCheckSkipped(ex.Message);
            return true;
        }
    }

    /// <summary>Checks a pending entry's stored DLL against its recorded hash; false when it was quarantined.</summary>
    public bool Verify(LoadedPlugin pending)
    {
        var version = ((PendingPluginHost)pending.Host).Version;
        try
        {
            _loader.VerifyImage(version);
            return true;
        }
        catch (PersonalizationException ex) when (ex.DiagnosticId == DiagnosticIds.HashMismatch)
        {
            LogQuarantined(version.Key.ToString(), ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is PersonalizationException or CatalogConflictException or Microsoft.Data.Sqlite.SqliteException)
        {
            // An admin changed it meanwhile, or the store was busy: its load (or the admin's action) checks it again.
            LogVerifySkipped(version.Key.ToString(), ex.Message);
            return true;
        }
    }

    private void Failed(PluginVersionInfo version, PersonalizationException ex, List<AuditRecord> audit)
    {
        if (ex.DiagnosticId == DiagnosticIds.HashMismatch)
        {
            // Quarantined and audited by the loader; the rest of the catalog still loads.
            LogQuarantined(version.Key.ToString(), ex.Message);
        }
        else if (ex.DiagnosticId == DiagnosticIds.ContractChanged)
        {
            // Never loaded silently: suspended (audited) and listed for the admin.
            _lifecycle.Suspend(version.Key, ex.Message);
            LogSuspended(version.Key.ToString(), ex.Message);
        }
        else
        {
            LogLoadFailed(version.Key.ToString(), ex.Message);
            audit.Add(new AuditRecord(AuditActions.LoadFailed, AuditActions.SystemActor, version.Key.PluginId, version.Key.Version, ex.Message));
        }
    }

    private void Flush(List<AuditRecord> audit)
    {
        if (audit.Count > 0)
        {
            _store.AppendAudit(audit);
        }
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Plugin version {Key} was quarantined: {Reason}")]
    private partial void LogQuarantined(string key, string reason);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Plugin version {Key} could not be loaded: {Reason}")]
    private partial void LogLoadFailed(string key, string reason);

    [LoggerMessage(EventId = 409, Level = LogLevel.Debug, Message = "The background hash check skipped plugin version {Key}: {Reason}")]
    private partial void LogVerifySkipped(string key, string reason);

    [LoggerMessage(EventId = 412, Level = LogLevel.Critical, Message = "The store is damaged and is no longer used: {Reason}")]
    private partial void LogStoreDamaged(string reason);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "The background check of the whole store did not run: {Reason}")]
    private partial void LogStoreCheckSkipped(string reason);

    [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "Plugin version {Key} was suspended: {Reason}")]
    private partial void LogSuspended(string key, string reason);
}
