using System.Reflection;
using System.Runtime.Loader;

namespace PersonalApp.Runtime.Hosts;

/// <summary>
/// A collectible load context for one plugin version, loaded from the stored bytes. Plugins have no dependencies of
/// their own: the host assemblies they compile against (PersonalApp.Abstractions, the contract assembly and the host
/// assemblies it references) resolve to the host's own copies, so the plugin's interface is the host's; everything
/// else (the framework) falls through to the default context.
/// </summary>
/// <remarks>
/// Not McMaster's <c>PluginLoader</c>: it reads every <c>*.runtimeconfig.json</c> of the app folder and the process's
/// module list on each load, which made start-up quadratic in the number of plugins (docs/performance.md).
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly IReadOnlyDictionary<string, Assembly> _shared;

    public PluginLoadContext(string name, IReadOnlyDictionary<string, Assembly> shared)
        : base(name, isCollectible: true)
    {
        _shared = shared;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
        => assemblyName.Name is { } name && _shared.TryGetValue(name, out var shared) ? shared : null;
}
