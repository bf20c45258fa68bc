using PersonalApp.Catalog;

namespace PersonalApp.Runtime.Hosts;

/// <summary>
/// A version the catalog says is active, read at start-up but not loaded yet: the runtime loads it (with every check) on
/// the first <c>GetAll</c> that would hand it out, so start-up costs a catalog read, not a load per plugin.
/// Never handed to a caller, so never called.
/// </summary>
internal sealed class PendingPluginHost : IPluginHost
{
    public PendingPluginHost(PluginVersionInfo version)
    {
        Version = version;
    }

    /// <summary>Gets the catalog's record of the version, to load it from.</summary>
    public PluginVersionInfo Version { get; }

    public PluginPlacement Placement => Version.Placement ?? PluginPlacement.InProcess;

    public object Instance => throw new InvalidOperationException($"Plugin version {Version.Key} is not loaded yet; the runtime loads it before handing it out.");

    public PluginOutcome<TResult> Invoke<TContract, TResult>(LoadedPlugin plugin, string userId, Func<TContract, TResult> call)
        where TContract : class
        => throw new InvalidOperationException($"Plugin version {Version.Key} is not loaded yet; the runtime loads it before handing it out.");

    public WeakReference? Unload() => null;

    public WeakReference? LoadContextHandle() => null;
}
