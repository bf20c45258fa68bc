namespace PersonalApp.Catalog;

/// <summary>Names one immutable version of a plugin.</summary>
/// <param name="PluginId">The plugin's id, the same for all its versions.</param>
/// <param name="Version">The version number, from 1.</param>
public readonly record struct PluginVersionKey(string PluginId, int Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{PluginId} v{Version}";
}
