namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// The approval packet as the UI renders it; every text field is plain text, never HTML. <c>Placement</c> is where the
/// version runs (for a pending one, where approving it without choosing puts it), <c>PlacementMeaning</c> says what that
/// means in one sentence, <c>PlacementWarning</c> why the host's <c>Auto</c> default chose in-process, and
/// <c>PlacementMeanings</c> the sentence for each placement the admin may choose.
/// </summary>
internal sealed record PacketView(
    string PluginId,
    int Version,
    string Status,
    string Wish,
    string RequestedBy,
    string ExtensionPoint,
    string ContractType,
    string? ModelId,
    int RepairRounds,
    long InputTokens,
    long OutputTokens,
    string Source,
    string NumberedSource,
    int? PreviousVersion,
    string? Diff,
    IReadOnlyList<ApiUsageView> ApisUsed,
    IReadOnlyList<string> RequestedCapabilities,
    IReadOnlyList<string> GrantedCapabilities,
    IReadOnlyList<CheckView> Verification,
    string Sha256,
    string Audience,
    string Risk,
    IReadOnlyList<string> RiskReasons,
    IReadOnlyList<DiagnosticView> Diagnostics,
    DateTimeOffset CreatedAt,
    string? DecidedBy,
    string? DecisionReason,
    bool CanRunIsolated,
    string Placement,
    string PlacementMeaning,
    string? PlacementWarning,
    IReadOnlyDictionary<string, string> PlacementMeanings);
