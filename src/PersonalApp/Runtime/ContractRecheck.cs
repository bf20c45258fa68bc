using Microsoft.Extensions.Logging;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Runtime;

/// <summary>
/// When the host assemblies a version was checked against have changed (a new contract assembly, a new
/// PersonalApp.Abstractions), compiles its source again against the ones in force and runs every static check. A
/// version that passes is recorded (audited) as checked against the new fingerprint; the DLL that loads is still the one
/// that was approved.
/// </summary>
internal sealed partial class ContractRecheck
{
    private readonly IPluginCatalog _store;
    private readonly PluginCompiler _compiler;
    private readonly ILogger<ContractRecheck> _logger;

    public ContractRecheck(IPluginCatalog store, PluginCompiler compiler, ILogger<ContractRecheck> logger)
    {
        _store = store;
        _compiler = compiler;
        _logger = logger;
    }

    /// <summary>Whether <paramref name="version"/> was checked against other host assemblies than those in force.</summary>
    public bool IsNeeded(PluginVersionInfo version, ExtensionPoint extensionPoint)
        => !string.Equals(version.ContractFingerprint, _compiler.FingerprintOf(extensionPoint), StringComparison.Ordinal);

    /// <summary>
    /// Re-checks when needed; throws <see cref="DiagnosticIds.ContractChanged"/> when the version no longer passes.
    /// Returns the version as the catalog now has it (with the fingerprint it was checked against).
    /// </summary>
    public PluginVersionInfo Run(PluginVersionInfo version, ExtensionPoint extensionPoint, CancellationToken cancellationToken)
    {
        if (!IsNeeded(version, extensionPoint))
        {
            return version;
        }

        var result = _compiler.Compile(version.Source, extensionPoint, version.AssemblyName, cancellationToken);
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

        var fingerprint = _compiler.FingerprintOf(extensionPoint);
        _store.RecordRecheck(version.Key, fingerprint);
        LogRechecked(version.Key.ToString());
        return version with { ContractFingerprint = fingerprint };
    }

    [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "Plugin version {Key} was re-checked against the host's changed contract and still passes")]
    private partial void LogRechecked(string key);
}
