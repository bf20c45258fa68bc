using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime;

/// <summary>One plugin version loaded where it runs (its <see cref="Host"/>), with what every call of it needs.</summary>
internal sealed class LoadedPlugin
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private ServiceState _state = new();

    public LoadedPlugin(PluginVersionKey key, Type contractType, string owner, string wish, IPluginHost host, SandboxLimits limits, DateTimeOffset pluginCreatedAt)
    {
        Key = key;
        ContractType = contractType;
        Owner = owner;
        Wish = wish;
        Host = host;
        Limits = limits;
        GuardLimits = limits.ToGuardLimits();
        PluginCreatedAt = pluginCreatedAt;
    }

    public PluginVersionKey Key { get; }

    /// <summary>Gets when the plugin's first version was made: features are handed out oldest first.</summary>
    public DateTimeOffset PluginCreatedAt { get; }

    public Type ContractType { get; }

    public string Owner { get; }

    public string Wish { get; }

    /// <summary>Gets where the version runs: its own collectible load context, or a worker process.</summary>
    public IPluginHost Host { get; }

    /// <summary>Gets the plugin object itself (for an isolated plugin, the proxy that forwards to its worker). Only the invoker calls it.</summary>
    public object Instance => Host.Instance;

    public PluginPlacement Placement => Host.Placement;

    /// <summary>Gets or sets the guarded proxy that implements the contract and routes every call through the invoker.</summary>
    public object Proxy { get; set; } = null!;

    public SandboxLimits Limits { get; }

    /// <summary>Gets <see cref="Limits"/> as the guards take them, made once rather than per call.</summary>
    public GuardLimits GuardLimits { get; }

    /// <summary>Gets or sets whether the version failed too often and is out of service (shared with its reloads, see <see cref="Continue"/>).</summary>
    public bool Disabled
    {
        get => _state.Disabled;
        set => _state.Disabled = value;
    }

    /// <summary>
    /// Gets or sets whether the version was taken out of service without a successor (revoked, or deactivated by the
    /// catalog): a feature handed out before then refuses further calls. A version replaced by a newer one is not
    /// withdrawn, so a caller may finish with it. Shared with the version's reloads, see <see cref="Continue"/>.
    /// </summary>
    public bool Withdrawn
    {
        get => _state.Withdrawn;
        set => _state.Withdrawn = value;
    }

    /// <summary>
    /// Gets the catalog's record of the version without its source and checks: what loading it again takes, when it is
    /// unloaded while idle (<see cref="PersonalizationOptions.MaxLoadedInProcess"/>). Null for a pending entry or an isolated version, which are never unloaded so.
    /// </summary>
    public PluginVersionInfo? Stored { get; init; }

    /// <summary>
    /// Gets or sets when <c>GetAll</c> last handed the version out, or when it was loaded if it has not been since
    /// (<see cref="Environment.TickCount64"/>): the least recent is unloaded first.
    /// </summary>
    public long LastHandedOut { get; set; } = Environment.TickCount64;

    /// <summary>Gets whether this pending entry stands for a version unloaded while idle (not one read at start-up).</summary>
    public bool UnloadedWhileIdle { get; init; }

    /// <summary>
    /// Makes this entry the same version in service as <paramref name="earlier"/> (a pending entry that stands for it
    /// after it was unloaded while idle, or the version loaded again from that entry): disabling or withdrawing either
    /// reaches the features handed out from both.
    /// </summary>
    public void Continue(LoadedPlugin earlier) => _state = earlier._state;

    /// <summary>Gets or sets the capabilities the admin granted to this version; every other one is absent from its calls.</summary>
    public IReadOnlySet<string> Granted { get; set; } = System.Collections.Frozen.FrozenSet<string>.Empty;

    /// <summary>Gets or sets who gets the plugin besides its owner; changed under the live index's lock.</summary>
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

    /// <summary>Whether a version is in service, shared by the entries that stand for one version across idle unloads.</summary>
    private sealed class ServiceState
    {
        public volatile bool Disabled;
        public volatile bool Withdrawn;
    }
}
