using PersonalApp.Generation;

namespace PersonalApp.Catalog;

/// <summary>Everything the pipeline hands the store for a new version; the store assigns the version number.</summary>
internal sealed record NewPluginVersion(
    string PluginId,
    string RequestId,
    string ExtensionPoint,
    string ContractType,
    string Owner,
    string Wish,
    string Source,
    CompiledPlugin Compiled,
    string? ModelId,
    int RepairRounds,
    long InputTokens,
    long OutputTokens,
    IReadOnlyList<PersonalizationDiagnostic> Diagnostics)
{
    /// <summary>Gets the checks run against the version before it was stored.</summary>
    public IReadOnlyList<VerificationCheck> Verification { get; init; } = [];
    /// <summary>Gets the fingerprint of the host assemblies it was compiled against.</summary>
    public string? ContractFingerprint { get; init; }
}
