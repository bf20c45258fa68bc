using McMaster.NETCore.Plugins;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime;

/// <summary>One plugin version loaded into its own collectible load context, with the one instance handed out.</summary>
internal sealed class LoadedPlugin
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public LoadedPlugin(PluginVersionKey key, Type contractType, string owner, string wish, object instance, PluginLoader? loader, string? folder, SandboxLimits limits, DateTimeOffset pluginCreatedAt, PluginPlacement placement = PluginPlacement.InProcess)
    {
        Placement = placement;
        PluginCreatedAt = pluginCreatedAt;
        Key = key;
        ContractType = contractType;
        Owner = owner;
        Wish = wish;
        Instance = instance;
        Loader = loader;
        Folder = folder;
        Limits = limits;
    }

    public PluginVersionKey Key { get; }

    /// <summary>Gets when the plugin's first version was made: features are handed out oldest first.</summary>
    public DateTimeOffset PluginCreatedAt { get; }

    public Type ContractType { get; }

    public string Owner { get; }

    public string Wish { get; }

    /// <summary>Gets the plugin object itself (for an isolated plugin, the proxy that forwards to its worker). Only the invoker calls it.</summary>
    public object Instance { get; }

    /// <summary>Gets or sets the guarded proxy that implements the contract and routes every call through the invoker.</summary>
    public object Proxy { get; set; } = null!;

    /// <summary>Gets the loader of an in-process plugin; null for an isolated one, which lives in a worker.</summary>
    public PluginLoader? Loader { get; }

    /// <summary>Gets the folder an in-process plugin was loaded from; null for an isolated one.</summary>
    public string? Folder { get; }

    public PluginPlacement Placement { get; }

    public SandboxLimits Limits { get; }

    public volatile bool Disabled;

    /// <summary>Gets or sets the capabilities the admin granted to this version; every other one is absent from its calls.</summary>
    public IReadOnlySet<string> Granted { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets who gets the plugin besides its owner; changed under the runtime's swap lock.</summary>
    public PluginAudience Audience { get; set; } = PluginAudience.Owner;

    /// <summary>Records a failed call; returns how many failed within the window, this one included.</summary>
    public int RecordFailure(DateTimeOffset now)
    {
        lock (_failures)
        {
            _failures.Enqueue(now);
            while (_failures.Count > 0 && now - _failures.Peek() > Limits.FaultWindow)
            {
                _failures.Dequeue();
            }

            return _failures.Count;
        }
    }
}
