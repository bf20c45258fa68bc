namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// What became of a request, in plain language; sent as the Server-Sent Event named <c>result</c>. The kind is
/// <c>PendingApproval</c>, <c>ExistingPluginOffered</c> or <c>Failed</c>; the headline is one sentence for the user, and
/// "try instead" says what to try next when the request failed or an existing feature was offered.
/// </summary>
internal sealed record ResultView(
    string Kind,
    string RequestId,
    string Headline,
    string? PluginId,
    int? Version,
    string? ReusedPluginId,
    int? ReusedVersion,
    long TokensSaved,
    IReadOnlyList<DiagnosticView> Diagnostics,
    IReadOnlyList<string> TryInstead,
    int RepairRounds,
    long InputTokens,
    long OutputTokens);
