using PersonalApp.Approvals;

namespace PersonalApp.Runtime;

/// <summary>An active plugin handed to the host: what it is, and the way to call it under the sandbox's limits.</summary>
/// <typeparam name="TContract">The extension point's contract.</typeparam>
public sealed class PersonalFeature<TContract>
    where TContract : class
{
    private readonly LoadedPlugin _plugin;
    private readonly PluginInvoker _invoker;

    internal PersonalFeature(LoadedPlugin plugin, PluginInvoker invoker)
    {
        _plugin = plugin;
        _invoker = invoker;
    }

    /// <summary>Gets which plugin version this is.</summary>
    public PluginVersionKey Key => _plugin.Key;

    /// <summary>Gets the user the plugin belongs to.</summary>
    public string Owner => _plugin.Owner;

    /// <summary>Gets the wish the plugin was written for.</summary>
    public string Wish => _plugin.Wish;

    /// <summary>
    /// Gets the plugin as its contract. Every call goes through the sandbox's invoker (limits, exceptions, fault count);
    /// a call that does not complete throws <see cref="PluginInvocationException"/>. A caller may finish a call on it
    /// after a newer version replaced it.
    /// </summary>
    public TContract Instance => (TContract)_plugin.Proxy;

    /// <summary>Calls the plugin under the sandbox's limits and returns how the call ended, never throwing for the plugin's faults.</summary>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="call">The call to make on the plugin, for example <c>rule =&gt; rule.Apply(order)</c>.</param>
    /// <returns>The outcome: completed with the value, or what stopped it.</returns>
    public PluginOutcome<TResult> Invoke<TResult>(Func<TContract, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _invoker.Invoke(_plugin, instance => call((TContract)instance));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} ({Owner}): {Wish}";
}
