namespace PersonalApp.AspNetCore.Api;

/// <summary>One version of a plugin, as a list shows it.</summary>
internal sealed record VersionView(
    string PluginId,
    int Version,
    string Status,
    string Wish,
    string Owner,
    string ExtensionPoint,
    DateTimeOffset CreatedAt,
    string? DecidedBy,
    string? DecisionReason,
    string? Placement,
    IReadOnlyList<string> RequestedCapabilities,
    IReadOnlyList<string> GrantedCapabilities);
