namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// The engine's stable diagnostic ids this package maps to HTTP statuses (docs/diagnostics.md). The engine's own
/// <c>DiagnosticIds</c> is internal; the ids are a published contract, so they are restated here rather than exposed.
/// </summary>
internal static class DiagnosticCodes
{
    public const string WishEmpty = "PA0101";
    public const string WishTooLong = "PA0102";
    public const string UserIdMissing = "PA0103";
    public const string ExtensionPointUnknown = "PA0104";
    public const string ExtensionPointAmbiguous = "PA0105";
    public const string NoExtensionPoints = "PA0106";
    public const string PluginUnknown = "PA0107";
    public const string ApprovalBlockedByChecks = "PA0312";
    public const string HashMismatch = "PA0401";
    public const string VersionNotFound = "PA0501";
    public const string InvalidTransition = "PA0502";
    public const string ActorMissing = "PA0503";
    public const string ContractNotIsolatable = "PA0704";
    public const string ContractChanged = "PA0904";
    public const string UserTokenBudgetSpent = "PA0905";
    public const string HostTokenBudgetSpent = "PA0906";
    public const string GrantNotRequested = "PA0908";
}
