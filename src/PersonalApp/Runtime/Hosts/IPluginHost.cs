using PersonalApp.Catalog;

namespace PersonalApp.Runtime.Hosts;

/// <summary>
/// One loaded plugin version in the place it runs, as McMaster's <c>PluginLoader</c> is one plugin's loader: an
/// in-process collectible load context (<see cref="InProcessPluginHost"/>) or a worker process
/// (<see cref="WorkerPluginHost"/>). The runtime and the invoker talk to this interface only, never to a placement.
/// </summary>
internal interface IPluginHost
{
    /// <summary>Gets where the version runs.</summary>
    PluginPlacement Placement { get; }

    /// <summary>Gets the plugin object (for a worker, the proxy that forwards each call to it).</summary>
    object Instance { get; }

    /// <summary>Calls the plugin on behalf of <paramref name="userId"/> under its limits; never throws for the plugin's faults.</summary>
    PluginOutcome<TResult> Invoke<TContract, TResult>(LoadedPlugin plugin, string userId, Func<TContract, TResult> call)
        where TContract : class;

    /// <summary>Unloads the version; returns a handle to its load context to verify the unload (none for a worker).</summary>
    WeakReference? Unload();

    /// <summary>A weak handle to the version's load context, or <see langword="null"/> when it has none in this process.</summary>
    WeakReference? LoadContextHandle();
}
