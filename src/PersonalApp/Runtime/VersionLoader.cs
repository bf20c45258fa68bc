using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Isolation;
using PersonalApp.Runtime.Hosts;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime;

/// <summary>
/// Loads one version without making it live: checks the stored DLL against the recorded SHA-256 (quarantining it on a
/// mismatch), re-checks it when the host's contract changed, scans it against the policy in force, and hands it to the
/// host of its placement.
/// </summary>
internal sealed class VersionLoader
{
    private readonly IPluginCatalog _store;
    private readonly PluginLifecycle _lifecycle;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly PluginCompiler _compiler;
    private readonly ContractRecheck _recheck;
    private readonly WorkerPool _workers;
    private readonly PluginContextFactory _contexts;
    private readonly IsolationOptions _isolation;
    private readonly SandboxLimits _defaultLimits;
    private readonly string? _pluginDirectory;
    private static readonly IReadOnlySet<string> NothingGranted = System.Collections.Frozen.FrozenSet<string>.Empty;
    private readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Assembly>> _shared = new();

    public VersionLoader(
        IPluginCatalog store,
        PluginLifecycle lifecycle,
        ExtensionPointRegistry extensionPoints,
        PluginCompiler compiler,
        ContractRecheck recheck,
        WorkerPool workers,
        PluginContextFactory contexts,
        IOptions<PersonalizationOptions> options)
    {
        _store = store;
        _lifecycle = lifecycle;
        _extensionPoints = extensionPoints;
        _compiler = compiler;
        _recheck = recheck;
        _workers = workers;
        _contexts = contexts;
        _isolation = options.Value.Isolation;
        _defaultLimits = options.Value.Sandbox.Limits;
        _pluginDirectory = options.Value.PluginDirectory is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
    }

    /// <summary>The extension point a version implements, or PA0402 when the host no longer declares it.</summary>
    public ExtensionPoint ExtensionPointOf(PluginVersionInfo version)
        => _extensionPoints.FindByContract(version.ContractType)
            ?? throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {version.Key} implements {version.ContractType}, which this host no longer declares as an extension point. Declare it with AddExtensionPoint, or revoke the plugin.");

    /// <summary>The limits calls of the extension point's plugins run under.</summary>
    public SandboxLimits LimitsOf(ExtensionPoint extensionPoint) => extensionPoint.Limits ?? _defaultLimits;

    /// <summary>
    /// Loads a version where <paramref name="placement"/> says; completes synchronously for an in-process one. What the
    /// caller already knows of its plugin (when its first version was made, who gets it) saves a catalog read each.
    /// </summary>
    public async Task<LoadedPlugin> LoadAsync(PluginVersionInfo version, PluginPlacement placement, DateTimeOffset? pluginCreatedAt, PluginAudience? audience, CancellationToken cancellationToken)
    {
        var request = Check(version, cancellationToken);
        IPluginHost host = placement switch
        {
            PluginPlacement.Isolated => await WorkerPluginHost.LoadAsync(request, _workers, _isolation, _contexts, cancellationToken).ConfigureAwait(false),
            _ => LoadInProcess(request),
        };

        var createdAt = pluginCreatedAt
            ?? (version.Key.Version == 1 ? version.CreatedAt : _store.GetVersion(version.Key with { Version = 1 })?.CreatedAt ?? version.CreatedAt);
        return new LoadedPlugin(version.Key, request.ContractType, version.Owner, version.Wish, host, request.Limits, createdAt)
        {
            Stored = host is InProcessPluginHost ? Light(version) : null,
            Granted = GrantedSet(version.GrantedCapabilities),
            Audience = audience ?? _store.GetAudience(version.Key.PluginId),
        };
    }

    /// <summary>
    /// The version as a live entry keeps it, to load it again after unloading it while idle: without its source and
    /// checks (the loader reads the source from the store if it needs it), and Active, as every live version is.
    /// </summary>
    private static PluginVersionInfo Light(PluginVersionInfo version)
        => version is { Source.Length: 0, Diagnostics.Count: 0, Verification.Count: 0, ApisUsed.Count: 0, Status: PluginStatus.Active }
            ? version
            : version with { Source = string.Empty, Diagnostics = [], Verification = [], ApisUsed = [], Status = PluginStatus.Active };

    /// <summary>The capabilities granted to a version as a set; the many granted nothing share one empty set.</summary>
    public static IReadOnlySet<string> GrantedSet(IReadOnlyList<string> granted)
        => granted.Count == 0 ? NothingGranted : granted.ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the stored DLL is there and hashes to what was recorded and approved; changes nothing.</summary>
    public bool ImageMatches(PluginVersionInfo version)
        => _store.GetImage(version.Key) is { } image
            && string.Equals(PluginCompiler.Sha256(image.Dll), image.RecordedSha256, StringComparison.Ordinal)
            && string.Equals(image.RecordedSha256, version.Sha256, StringComparison.Ordinal);

    /// <summary>Checks the stored DLL against the recorded SHA-256, quarantining the version on a mismatch (PA0401).</summary>
    public PluginImage VerifyImage(PluginVersionInfo version)
    {
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

        return image;
    }

    /// <summary>The integrity checks, in order: the extension point, the hash, the contract, the IL scan.</summary>
    private PluginLoadRequest Check(PluginVersionInfo version, CancellationToken cancellationToken)
    {
        var extensionPoint = ExtensionPointOf(version);
        var image = VerifyImage(version);
        _recheck.Run(version, extensionPoint, cancellationToken);

        // Layer 2 again, on the stored bytes and the policy in force now: a policy narrowed since approval keeps the plugin out.
        var scan = _compiler.InProcessLayersEnabled ? ILScanner.Scan(image.Dll, _compiler.PolicyFor(extensionPoint)) : [];
        if (scan.Count > 0)
        {
            throw new PersonalizationException(
                DiagnosticIds.ILScanDenied,
                $"Plugin version {version.Key} was not loaded: the sandbox policy in force refuses it ({scan[0].Message}). Ask for the feature again, or widen the policy.");
        }

        return new PluginLoadRequest(version, extensionPoint, image, LimitsOf(extensionPoint));
    }

    private InProcessPluginHost LoadInProcess(PluginLoadRequest request)
    {
        var key = request.Version.Key;
        var folder = _pluginDirectory is null ? null : Path.Combine(_pluginDirectory, Sanitize(key.PluginId), key.Version.ToString(CultureInfo.InvariantCulture));
        if (folder is not null && request.Image.Pdb.Length == 0)
        {
            // The folder is for a debugger: versions are stored without a PDB, so build it here, in this opt-in mode only.
            request = request with { Image = request.Image with { Pdb = SymbolsOf(request) } };
        }

        try
        {
            return InProcessPluginHost.Load(request, SharedAssemblies(request.ContractType), folder, _contexts);
        }
        catch (Exception ex) when (ex is not PersonalizationException and not OutOfMemoryException)
        {
            throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {key} could not be loaded ({ex.GetType().Name}: {ex.Message}). It stays as it was; check the host's contract assembly version.",
                ex);
        }
    }

    /// <summary>The version's PDB, built from its stored source; empty when that source no longer compiles here (the DLL still loads).</summary>
    private byte[] SymbolsOf(PluginLoadRequest request)
    {
        var source = request.Version.Source is { Length: > 0 } known ? known : _store.GetVersion(request.Version.Key)?.Source;
        try
        {
            return source is null ? [] : _compiler.BuildSymbols(source, request.ExtensionPoint, request.Image.AssemblyName, CancellationToken.None);
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    /// <summary>The host assemblies a plugin of <paramref name="contract"/> compiles against, by simple name: they resolve to the host's copies.</summary>
    private IReadOnlyDictionary<string, Assembly> SharedAssemblies(Type contract)
        => _shared.GetOrAdd(contract, static c =>
        {
            var shared = new Dictionary<string, Assembly>(StringComparer.Ordinal);
            foreach (var assembly in PluginCompiler.HostAssemblies(c).Append(typeof(ExtensionPointAttribute).Assembly).Append(c.Assembly))
            {
                shared.TryAdd(assembly.GetName().Name!, assembly);
            }

            return shared;
        });

    private static string Sanitize(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
