using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Isolation;
using PersonalApp.Sandbox;
using PersonalApp.Sqlite;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Runtime;

/// <summary>
/// Holds the live plugins. Each version is written to its own folder and loaded with McMaster.NETCore.Plugins into a
/// collectible context (in memory, so the file is never mapped), with PersonalApp.Abstractions and the contract
/// assembly shared with the host. Versions are swapped under a lock of our own (not the library's racy hot reload);
/// the old loader is disposed after the swap, and callers still holding the old instance finish their call.
/// </summary>
internal sealed partial class PluginRuntime : IPersonalFeatures, IDisposable
{
    private readonly IPluginCatalog _store;
    private readonly PluginLifecycle _lifecycle;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly ILogger<PluginRuntime> _logger;
    private readonly string _pluginDirectory;
    private readonly PluginCompiler _compiler;
    private readonly SandboxLimits _defaultLimits;
    private readonly PluginInvoker _invoker;
    private readonly WorkerPool _workers;
    private readonly IsolationOptions _isolation;
    private readonly Lock _swapLock = new();
    private readonly Lock _initLock = new();
    private readonly List<WeakReference> _unloading = [];
    private ImmutableDictionary<string, LoadedPlugin> _active = ImmutableDictionary<string, LoadedPlugin>.Empty.WithComparers(StringComparer.Ordinal);

    private readonly IUserGroups _groups;

    /// <summary>The live plugins by owner and by audience: rebuilt at each swap and replaced whole, so a lookup is one probe of one snapshot.</summary>
    private volatile Index _index = Index.Of([]);
    private volatile bool _initialized;
    private bool _disposed;

    public PluginRuntime(
        IPluginCatalog store,
        PluginLifecycle lifecycle,
        ExtensionPointRegistry extensionPoints,
        PluginCompiler compiler,
        WorkerPool workers,
        IOptions<PersonalizationOptions> options,
        TimeProvider time,
        ILogger<PluginRuntime> logger,
        PluginContextFactory contexts,
        IUserGroups groups)
    {
        _workers = workers;
        _isolation = options.Value.Isolation;
        _store = store;
        _lifecycle = lifecycle;
        _extensionPoints = extensionPoints;
        _compiler = compiler;
        _logger = logger;
        _groups = groups;
        _pluginDirectory = options.Value.ResolvePluginDirectory();
        _defaultLimits = options.Value.Sandbox.Limits;
        _invoker = new PluginInvoker(this, time, logger, contexts);
    }

    /// <summary>Gets the number of loaded versions. For tests and health checks.</summary>
    public int ActiveCount => _active.Count;

    public IReadOnlyList<PersonalFeature<TContract>> GetAll<TContract>(string userId)
        where TContract : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        EnsureInitialized();
        var contract = typeof(TContract);
        var index = _index;
        var shared = index.Shared;
        IEnumerable<LoadedPlugin> plugins = index.ByUser[(userId, contract)];
        var everyone = shared[(PluginAudience.Everyone.ToString(), contract)];
        var others = everyone.Any();
        if (index.AnyGroupShares)
        {
            // The host's resolver is asked only while some plugin is shared with a group.
            var groups = _groups.GetGroups(userId);
            if (groups.Count > 0)
            {
                everyone = everyone.Concat(groups.Distinct(StringComparer.Ordinal).SelectMany(g => shared[(PluginAudience.Group(g).ToString(), contract)]));
                others = true;
            }
        }

        if (others)
        {
            // The user's own plugins and those shared with them, each once, oldest first.
            plugins = plugins.Concat(everyone)
                .DistinctBy(p => p.Key.PluginId, StringComparer.Ordinal)
                .OrderBy(p => p.PluginCreatedAt)
                .ThenBy(p => p.Key.PluginId, StringComparer.Ordinal);
        }

        var result = new List<PersonalFeature<TContract>>();
        foreach (var plugin in plugins)
        {
            if (!plugin.Disabled)
            {
                result.Add(new PersonalFeature<TContract>(plugin, _invoker, userId) { Audience = plugin.Audience });
            }
        }

        return result;
    }

    /// <summary>Changes who gets a live plugin besides its owner (the store is the caller's business). Returns false when the plugin is not live.</summary>
    public bool SetAudience(string pluginId, PluginAudience audience)
    {
        lock (_swapLock)
        {
            if (!_active.TryGetValue(pluginId, out var plugin))
            {
                return false;
            }

            plugin.Audience = audience;
            Reindex();
            return true;
        }
    }

    /// <summary>Loads every version the store says is active, once; a version whose DLL fails its hash check is quarantined instead.</summary>
    public void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initLock)
        {
            if (_initialized)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var version in _store.List(PluginStatus.Active))
            {
                try
                {
                    var loaded = Load(version, version.Placement ?? PluginPlacement.InProcess);
                    Swap(loaded.Key.PluginId, loaded);
                    _store.AppendAudit(AuditActions.Loaded, AuditActions.SystemActor, version.Key.PluginId, version.Key.Version, "loaded at start-up");
                }
                catch (PersonalizationException ex) when (ex.DiagnosticId == DiagnosticIds.HashMismatch)
                {
                    // Quarantined and audited by Load; the rest of the catalog still loads.
                    LogQuarantined(version.Key.ToString(), ex.Message);
                }
                catch (PersonalizationException ex) when (ex.DiagnosticId == DiagnosticIds.ContractChanged)
                {
                    // Never loaded silently: suspended (audited) and listed for the admin; the rest of the catalog still loads.
                    _lifecycle.Suspend(version.Key, ex.Message);
                    LogSuspended(version.Key.ToString(), ex.Message);
                }
                catch (PersonalizationException ex)
                {
                    LogLoadFailed(version.Key.ToString(), ex.Message);
                    _store.AppendAudit(AuditActions.LoadFailed, AuditActions.SystemActor, version.Key.PluginId, version.Key.Version, ex.Message);
                }
            }

            _initialized = true;
        }
    }

    /// <summary>
    /// Loads a version without making it live: checks the stored DLL against the recorded SHA-256 (quarantining it on a
    /// mismatch), writes it to its own folder, loads it into a collectible context and creates the instance.
    /// </summary>
    public LoadedPlugin Load(PluginVersionInfo version, PluginPlacement placement)
    {
        var extensionPoint = _extensionPoints.FindByContract(version.ContractType)
            ?? throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {version.Key} implements {version.ContractType}, which this host no longer declares as an extension point. Declare it with AddExtensionPoint, or revoke the plugin.");
        var image = _store.GetImage(version.Key)
            ?? throw new PersonalizationException(DiagnosticIds.VersionNotFound, $"There is no plugin version {version.Key} in the store.");

        var actual = PluginCompiler.Sha256(image.Dll);
        if (!string.Equals(actual, image.RecordedSha256, StringComparison.Ordinal) || !string.Equals(actual, version.Sha256, StringComparison.Ordinal))
        {
            var reason = $"stored DLL has SHA-256 {actual}, but {version.Sha256} was recorded and approved";
            if (version.Status is PluginStatus.Active or PluginStatus.PendingApproval)
            {
                _lifecycle.Quarantine(version.Key, reason);
            }

            throw new PersonalizationException(
                DiagnosticIds.HashMismatch,
                $"Plugin version {version.Key} was quarantined and not loaded: its {reason}. The store was changed outside PersonalApp; ask the user to request the feature again.");
        }

        Recheck(version, extensionPoint);

        // Layer 2 again, on the stored bytes and the policy in force now: a policy narrowed since approval keeps the plugin out.
        var scan = _compiler.InProcessLayersEnabled ? ILScanner.Scan(image.Dll, _compiler.PolicyFor(extensionPoint)) : [];
        if (scan.Count > 0)
        {
            throw new PersonalizationException(
                DiagnosticIds.ILScanDenied,
                $"Plugin version {version.Key} was not loaded: the sandbox policy in force refuses it ({scan[0].Message}). Ask for the feature again, or widen the policy.");
        }

        var limits = extensionPoint.Limits ?? _defaultLimits;
        var createdAt = version.Key.Version == 1 ? version.CreatedAt : _store.GetVersion(version.Key with { Version = 1 })?.CreatedAt ?? version.CreatedAt;
        if (placement == PluginPlacement.Isolated)
        {
            return LoadIsolated(version, extensionPoint, image, limits, createdAt);
        }

        var folder = Path.Combine(_pluginDirectory, Sanitize(version.Key.PluginId), version.Key.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var dllPath = Path.Combine(folder, image.AssemblyName + ".dll");
        WriteAtomically(dllPath, image.Dll);
        WriteAtomically(Path.ChangeExtension(dllPath, ".pdb"), image.Pdb);

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(
                dllPath,
                isUnloadable: true,
                sharedTypes: [extensionPoint.ContractType, typeof(ExtensionPointAttribute)],
                configure: config =>
                {
                    config.LoadInMemory = true;
                    config.PreferSharedTypes = true;

                    // Shared types come from the contract's own load context (the default one, unless the host loads its contracts itself).
                    config.DefaultContext = AssemblyLoadContext.GetLoadContext(extensionPoint.ContractType.Assembly) ?? AssemblyLoadContext.Default;
                });
            var assembly = loader.LoadDefaultAssembly();
            var type = assembly.GetType(version.TypeName, throwOnError: true)!;
            // The constructor is plugin code too: it runs under the same limits as any call.
            var created = PluginInvoker.Run(null, limits, () => Activator.CreateInstance(type)!);
            if (!created.IsCompleted)
            {
                throw new InvalidOperationException($"its constructor did not complete: {created.Kind}: {created.Message}", created.Exception);
            }

            var instance = created.Value!;
            if (!extensionPoint.ContractType.IsInstanceOfType(instance))
            {
                throw new InvalidOperationException($"{type.FullName} does not implement the host's {extensionPoint.ContractType.FullName}: the contract assembly was not shared with the plugin's load context.");
            }

            var loaded = new LoadedPlugin(version.Key, extensionPoint.ContractType, version.Owner, version.Wish, instance, loader, folder, limits, createdAt)
            {
                Granted = version.GrantedCapabilities.ToHashSet(StringComparer.Ordinal),
                Audience = _store.GetAudience(version.Key.PluginId),
            };
            loaded.Proxy = GuardedProxy.Create(loaded, _invoker);
            return loaded;
        }
        catch (Exception ex) when (ex is not PersonalizationException and not OutOfMemoryException)
        {
            loader?.Dispose();
            throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {version.Key} could not be loaded ({ex.GetType().Name}: {ex.Message}). It stays as it was; check the host's contract assembly version.",
                ex);
        }
    }

    /// <summary>Loads a version into the serving worker: its code never runs in the host process.</summary>
    private LoadedPlugin LoadIsolated(PluginVersionInfo version, ExtensionPoint extensionPoint, PluginImage image, SandboxLimits limits, DateTimeOffset createdAt)
    {
        if (extensionPoint.IsolationProblem is { } problem)
        {
            throw new PersonalizationException(DiagnosticIds.ContractNotIsolatable, $"Plugin version {version.Key} cannot be placed Isolated: {problem} Approve it InProcess, or change the contract.");
        }

        var callLimits = new CallLimits(limits.Timeout.TotalMilliseconds, limits.MaxOperations, limits.MaxAllocatedBytes, limits.MaxStackBytes, limits.MaxRegexTimeout.TotalMilliseconds);
        var key = version.Key.ToString();
        var request = new LoadRequest(key, image.Dll, version.TypeName, extensionPoint.ContractType.FullName!, _workers.ContractAssembliesInImage(extensionPoint.ContractType), callLimits);
        var result = _workers.LoadAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        if (!result.IsCompleted)
        {
            throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {version.Key} could not be loaded into its isolated worker ({result.Outcome}: {result.Message}). It stays as it was.");
        }

        var proxy = RemotePluginProxy.Create(extensionPoint.ContractType, _workers, key, callLimits, _isolation.MaxResponseBytes);
        var loaded = new LoadedPlugin(version.Key, extensionPoint.ContractType, version.Owner, version.Wish, proxy, loader: null, folder: null, limits, createdAt, PluginPlacement.Isolated)
        {
            // Served by the host when the worker forwards them (CapabilityBroker).
            Granted = version.GrantedCapabilities.ToHashSet(StringComparer.Ordinal),
            Audience = _store.GetAudience(version.Key.PluginId),
        };
        loaded.Proxy = GuardedProxy.Create(loaded, _invoker);
        return loaded;
    }

    /// <summary>Unloads a version that was loaded but will not go live (its approval failed to be stored).</summary>
    public void Discard(LoadedPlugin loaded) => Unload(loaded);

    /// <summary>
    /// When the host assemblies the version was checked against have changed (a new contract assembly, a new
    /// PersonalApp.Abstractions), compiles its source again against the ones in force and runs every static check; throws
    /// <see cref="DiagnosticIds.ContractChanged"/> when it no longer passes. A version that passes is recorded (audited)
    /// as checked against the new fingerprint; the DLL that loads is still the one that was approved.
    /// </summary>
    private void Recheck(PluginVersionInfo version, ExtensionPoint extensionPoint)
    {
        var fingerprint = _compiler.FingerprintOf(extensionPoint);
        if (string.Equals(version.ContractFingerprint, fingerprint, StringComparison.Ordinal))
        {
            return;
        }

        var result = _compiler.Compile(version.Source, extensionPoint, version.AssemblyName, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new PersonalizationException(
                DiagnosticIds.ContractChanged,
                $"Plugin version {version.Key} no longer compiles or passes the sandbox policy against the host's contract as it is now ({string.Join("; ", result.Errors.Take(3).Select(e => e.ToString()))}). " +
                "It is not loaded. Ask its owner to request a new version (\"change it so that...\"), roll back to a version that passes, or revoke it.");
        }

        if (!result.Plugin!.Capabilities.SequenceEqual(version.RequestedCapabilities, StringComparer.Ordinal))
        {
            throw new PersonalizationException(
                DiagnosticIds.ContractChanged,
                $"Plugin version {version.Key} now asks for the capabilities [{string.Join(", ", result.Plugin.Capabilities)}] instead of the approved [{string.Join(", ", version.RequestedCapabilities)}]. It is not loaded; ask for a new version.");
        }

        _store.RecordRecheck(version.Key, fingerprint);
        LogRechecked(version.Key.ToString());
    }

    /// <summary>Makes a loaded version the live one for its plugin and unloads the one it replaces.</summary>
    public void Activate(LoadedPlugin loaded) => Unload(Swap(loaded.Key.PluginId, loaded));

    /// <summary>Takes a plugin out of service and unloads it. Returns a handle to its load context, to verify the unload.</summary>
    public WeakReference? Deactivate(string pluginId)
    {
        LoadedPlugin? removed;
        lock (_swapLock)
        {
            removed = _active.GetValueOrDefault(pluginId);
            _active = _active.Remove(pluginId);
            Reindex();
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

        LoadedPlugin? removed = null;
        lock (_swapLock)
        {
            if (_active.TryGetValue(plugin.Key.PluginId, out var current) && ReferenceEquals(current, plugin))
            {
                removed = current;
                _active = _active.Remove(plugin.Key.PluginId);
                Reindex();
            }
        }

        Unload(removed);
        LogDisabled(plugin.Key.ToString(), reason);
    }

    /// <summary>A weak handle to a live version's load context. For tests that prove unloading.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal WeakReference? LoadContextOf(string pluginId)
        => _active.TryGetValue(pluginId, out var plugin) && plugin.Loader is { } loader ? new WeakReference(loader.LoadContext) : null;

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
        lock (_swapLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var plugin in _active.Values)
            {
                plugin.Loader?.Dispose();
            }

            _active = _active.Clear();
            Reindex();
        }
    }

    /// <summary>Rebuilds the per-user index; called under the swap lock.</summary>
    private void Reindex() => _index = Index.Of(_active.Values);

    private LoadedPlugin? Swap(string pluginId, LoadedPlugin loaded)
    {
        lock (_swapLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _active.GetValueOrDefault(pluginId);
            _active = _active.SetItem(pluginId, loaded);
            Reindex();
            return old;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference? Unload(LoadedPlugin? plugin)
    {
        if (plugin is null)
        {
            return null;
        }

        if (plugin.Loader is not { } loader)
        {
            _workers.Unload(plugin.Key.ToString());
            LogUnloaded(plugin.Key.ToString());
            return null;
        }

        var handle = new WeakReference(loader.LoadContext);
        loader.Dispose();
        lock (_unloading)
        {
            _unloading.RemoveAll(w => !w.IsAlive);
            _unloading.Add(handle);
        }

        TryDeleteFolder(plugin.Folder!);
        LogUnloaded(plugin.Key.ToString());
        return handle;
    }

    private void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Loaded in memory, so nothing holds the files; a failure here only leaves bytes on disk that are rewritten before any load.
            LogFolderKept(folder, ex.Message);
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static string Sanitize(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Plugin version {Key} was quarantined at start-up: {Reason}")]
    private partial void LogQuarantined(string key, string reason);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Plugin version {Key} could not be loaded at start-up: {Reason}")]
    private partial void LogLoadFailed(string key, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Plugin version {Key} was unloaded")]
    private partial void LogUnloaded(string key);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Plugin version {Key} was disabled: {Reason}")]
    private partial void LogDisabled(string key, string reason);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Plugin version {Key} was not marked disabled in the store: {Reason}")]
    private partial void LogDisableSkipped(string key, string reason);

    [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "Plugin version {Key} was suspended at start-up: {Reason}")]
    private partial void LogSuspended(string key, string reason);

    [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "Plugin version {Key} was re-checked against the host's changed contract and still passes")]
    private partial void LogRechecked(string key);

    [LoggerMessage(EventId = 404, Level = LogLevel.Debug, Message = "Plugin folder {Folder} could not be deleted: {Reason}")]
    private partial void LogFolderKept(string folder, string reason);

    /// <summary>The live plugins, oldest first, by owner and contract and by audience (<c>everyone</c>, <c>group:name</c>) and contract.</summary>
    private sealed record Index(
        ILookup<(string Owner, Type Contract), LoadedPlugin> ByUser,
        ILookup<(string Audience, Type Contract), LoadedPlugin> Shared,
        bool AnyGroupShares)
    {
        public static Index Of(IEnumerable<LoadedPlugin> active)
        {
            var ordered = active
                .OrderBy(p => p.PluginCreatedAt)
                .ThenBy(p => p.Key.PluginId, StringComparer.Ordinal)
                .ToList();
            return new Index(
                ordered.ToLookup(p => (p.Owner, p.ContractType)),
                ordered.Where(p => p.Audience.Kind != PluginAudienceKind.Owner).ToLookup(p => (p.Audience.ToString(), p.ContractType)),
                ordered.Any(p => p.Audience.Kind == PluginAudienceKind.Group));
        }
    }
}
