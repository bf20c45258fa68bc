namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// A plugin with all its versions, newest first; its status is the live version's, or the newest one's when none is live.
/// </summary>
internal sealed record FeatureView(
    string PluginId,
    string ExtensionPoint,
    string Owner,
    string Wish,
    string Status,
    int? ActiveVersion,
    IReadOnlyList<VersionView> Versions);
