using PersonalApp.Catalog;

namespace PersonalApp.Runtime;

/// <summary>What is live on this node, for the <see cref="CatalogReconciler"/> to compare with a shared catalog.</summary>
internal sealed partial class PluginRuntime
{
    /// <summary>The live version and audience of each plugin: one snapshot.</summary>
    public IReadOnlyDictionary<string, (PluginVersionKey Key, PluginAudience Audience)> LiveVersions()
        => _index.Versions();
}
