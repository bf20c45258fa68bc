namespace PersonalApp.Catalog;

/// <summary>Something changed in a shared catalog: one plugin's versions or audience, or (no plugin) possibly anything.</summary>
/// <param name="PluginId">The plugin that changed, or <see langword="null"/> to look at every plugin again.</param>
internal sealed record CatalogNotice(string? PluginId)
{
    /// <summary>Look at every plugin again (after a (re)connection, when notices may have been missed).</summary>
    public static readonly CatalogNotice Everything = new((string?)null);

    /// <summary>Gets whether every plugin must be looked at again.</summary>
    public bool IsEverything => PluginId is null;
}
