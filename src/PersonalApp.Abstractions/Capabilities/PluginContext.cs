namespace PersonalApp.Capabilities;

/// <summary>
/// What a plugin call may reach beyond its parameters: the user it runs for and the capabilities an admin granted to
/// the plugin. PersonalApp sets <see cref="Current"/> around every call into a plugin; a capability that was not
/// granted is <see langword="null"/> here, and <see cref="Require{T}"/> on it throws a
/// <see cref="PluginCapabilityException"/> that says so.
/// </summary>
/// <example>
/// <code>
/// [UsesCapabilities(CapabilityNames.Storage)]
/// public sealed class GroupCounter : ITicketPricingRule
/// {
///     public PriceAdjustment? Apply(TicketOrder order)
///     {
///         var storage = PluginContext.Current.Require&lt;IPluginStorage&gt;();
///         var served = storage.Increment("groups");
///         ...
///     }
/// }
/// </code>
/// </example>
public sealed class PluginContext
{
    [ThreadStatic]
    private static PluginContext? t_current;

    private readonly Action<string>? _refused;
    private string? _hostFault;
    private int _hostWaits;
    private long _hostWaitedMilliseconds;
    private long _limitMilliseconds;

    internal PluginContext(string pluginId, int version, string userId, IPluginStorage? storage, IPluginClock? clock, IPluginLog? log, IPluginHttp? http, Action<string>? refused = null)
    {
        PluginId = pluginId;
        Version = version;
        UserId = userId;
        Storage = storage;
        Clock = clock;
        Log = log;
        Http = http;
        _refused = refused;
    }

    /// <summary>Gets the context of the plugin call in progress on this thread.</summary>
    /// <exception cref="InvalidOperationException">
    /// No plugin call is in progress: capabilities exist only inside calls to the contract's members, not in constructors or field initializers.
    /// </exception>
    public static PluginContext Current => t_current ?? throw new InvalidOperationException(
        "No plugin call is in progress, so there is no PluginContext: capabilities can be used only inside the contract's methods and properties, not in constructors or field initializers.");

    /// <summary>Gets the id of the user the call runs for: the feature's owner, or a user it was shared with.</summary>
    public string UserId { get; }

    /// <summary>Gets the id of the plugin being called.</summary>
    public string PluginId { get; }

    /// <summary>Gets the version of the plugin being called.</summary>
    public int Version { get; }

    /// <summary>Gets the plugin's key-value store for this user, or <see langword="null"/> when <see cref="CapabilityNames.Storage"/> was not granted.</summary>
    public IPluginStorage? Storage { get; }

    /// <summary>Gets the host's clock, or <see langword="null"/> when <see cref="CapabilityNames.Clock"/> was not granted.</summary>
    public IPluginClock? Clock { get; }

    /// <summary>Gets the host's log, or <see langword="null"/> when <see cref="CapabilityNames.Log"/> was not granted.</summary>
    public IPluginLog? Log { get; }

    /// <summary>Gets HTTP GET to approved hosts, or <see langword="null"/> when <see cref="CapabilityNames.Http"/> was not granted.</summary>
    public IPluginHttp? Http { get; }

    /// <summary>The context of the call in progress on this thread, if any. For PersonalApp's capabilities.</summary>
    internal static PluginContext? CurrentOrNull => t_current;

    /// <summary>Whether this context belongs to the call in progress on this thread (a capability kept from an earlier call does not).</summary>
    internal bool IsCurrent => ReferenceEquals(t_current, this);

    /// <summary>Whether a capability was granted to the plugin.</summary>
    /// <param name="capability">A name from <see cref="CapabilityNames"/>.</param>
    /// <returns><see langword="true"/> when it was granted.</returns>
    public bool IsGranted(string capability) => capability switch
    {
        CapabilityNames.Storage => Storage is not null,
        CapabilityNames.Clock => Clock is not null,
        CapabilityNames.Log => Log is not null,
        CapabilityNames.Http => Http is not null,
        _ => false,
    };

    /// <summary>Gets a granted capability, or throws a clear error when it was not granted.</summary>
    /// <typeparam name="T"><see cref="IPluginStorage"/>, <see cref="IPluginClock"/>, <see cref="IPluginLog"/> or <see cref="IPluginHttp"/>.</typeparam>
    /// <returns>The capability.</returns>
    /// <exception cref="PluginCapabilityException">The capability was not granted to this plugin.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a capability.</exception>
    public T Require<T>()
        where T : class
    {
        var (name, capability) = typeof(T) == typeof(IPluginStorage) ? (CapabilityNames.Storage, (object?)Storage)
            : typeof(T) == typeof(IPluginClock) ? (CapabilityNames.Clock, Clock)
            : typeof(T) == typeof(IPluginLog) ? (CapabilityNames.Log, Log)
            : typeof(T) == typeof(IPluginHttp) ? (CapabilityNames.Http, Http)
            : throw new ArgumentException($"{typeof(T).Name} is not a capability: ask for IPluginStorage, IPluginClock, IPluginLog or IPluginHttp.", nameof(T));
        if (capability is T granted)
        {
            return granted;
        }

        _refused?.Invoke(name);
        throw new PluginCapabilityException(
            name,
            $"Plugin {PluginId} v{Version} was not granted the '{name}' capability, so it is not available. Declare it with [UsesCapabilities(\"{name}\")] on the plugin's class, and have an admin grant it at approval.");
    }

    /// <summary>When the call this context serves must end (<see cref="Environment.TickCount64"/>): a capability never waits past it.</summary>
    internal long DeadlineTick { get; private set; } = long.MaxValue;

    /// <summary>What is left of the call's time, for a capability that must wait on the host (at least zero).</summary>
    internal TimeSpan TimeLeft => DeadlineTick == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, DeadlineTick - Environment.TickCount64));

    /// <summary>
    /// Why the call's failure, if it fails, is the host's and not the plugin's: a capability the host could not serve
    /// (its store busy, locked or full), a wait on the host's store still going on when the call ended, or a call that
    /// spent a quarter or more of its time limit waiting on the host's store. Sticky for the call: catching the
    /// capability's exception does not hide it.
    /// </summary>
    internal string? HostFault
        => _hostFault
        ?? (Volatile.Read(ref _hostWaits) > 0 ? "the host's store kept the call waiting when it ended." : null)
        ?? (_limitMilliseconds > 0 && Interlocked.Read(ref _hostWaitedMilliseconds) * 4 >= _limitMilliseconds
            ? $"the call spent {Interlocked.Read(ref _hostWaitedMilliseconds):N0} ms of its {_limitMilliseconds:N0} ms waiting on the host's store."
            : null);

    /// <summary>Sets how long the call this context serves may take, from now. Set by the host that runs the call.</summary>
    internal void SetTimeLimit(TimeSpan limit)
    {
        if (limit == Timeout.InfiniteTimeSpan || limit <= TimeSpan.Zero)
        {
            return;
        }

        _limitMilliseconds = (long)Math.Ceiling(limit.TotalMilliseconds);
        DeadlineTick = Environment.TickCount64 + _limitMilliseconds;
    }

    /// <summary>Records that the host failed to serve a capability during this call (the first reason is kept).</summary>
    internal void ReportHostFault(string why) => Interlocked.CompareExchange(ref _hostFault, why, null);

    /// <summary>Marks the start of a wait on the host (a store call): a call that ends during it ended on the host's account.</summary>
    internal long EnterHostWait()
    {
        Interlocked.Increment(ref _hostWaits);
        return Environment.TickCount64;
    }

    /// <summary>Marks the end of a wait that <see cref="EnterHostWait"/> began, and adds its length to the call's time on the host.</summary>
    internal void ExitHostWait(long started)
    {
        Interlocked.Add(ref _hostWaitedMilliseconds, Environment.TickCount64 - started);
        Interlocked.Decrement(ref _hostWaits);
    }

    /// <summary>Makes <paramref name="context"/> the current one on this thread; returns the one it replaces. For PersonalApp's invoker only.</summary>
    internal static PluginContext? Enter(PluginContext? context)
    {
        var previous = t_current;
        t_current = context;
        return previous;
    }

    /// <summary>Restores the context that <see cref="Enter"/> replaced.</summary>
    internal static void Exit(PluginContext? previous) => t_current = previous;
}
