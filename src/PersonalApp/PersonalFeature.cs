using PersonalApp.Approvals;
using PersonalApp.Catalog;

using PersonalApp.Runtime;

namespace PersonalApp;

/// <summary>An active plugin handed to the host: what it is, and the way to call it under the sandbox's limits.</summary>
/// <typeparam name="TContract">The extension point's contract.</typeparam>
public sealed class PersonalFeature<TContract>
    where TContract : class
{
    private readonly LoadedPlugin _plugin;
    private readonly PluginInvoker _invoker;
    private readonly string _userId;
    private object? _proxy;

    internal PersonalFeature(LoadedPlugin plugin, PluginInvoker invoker, string userId)
    {
        _plugin = plugin;
        _invoker = invoker;
        _userId = userId;
    }

    /// <summary>Gets which plugin version this is.</summary>
    public PluginVersionKey Key => _plugin.Key;

    /// <summary>Gets the user the plugin belongs to.</summary>
    public string Owner => _plugin.Owner;

    /// <summary>Gets the wish the plugin was written for.</summary>
    public string Wish => _plugin.Wish;

    /// <summary>Gets the user the feature was handed to: calls run on their behalf (their storage, their <c>PluginContext.UserId</c>).</summary>
    public string UserId => _userId;

    /// <summary>Gets who gets the plugin besides its owner, as of when the feature was handed out.</summary>
    public PluginAudience Audience { get; init; } = PluginAudience.Owner;

    /// <summary>
    /// Gets the plugin as its contract. Every call goes through the sandbox's invoker (limits, exceptions, fault count);
    /// a call that does not complete throws <see cref="PluginInvocationException"/>. A caller may finish a call on it
    /// after a newer version replaced it.
    /// </summary>
    public TContract Instance => (TContract)(_proxy ??= string.Equals(_userId, _plugin.Owner, StringComparison.Ordinal) ? _plugin.Proxy : GuardedProxy.Create(_plugin, _invoker, _userId));

    /// <summary>Calls the plugin under the sandbox's limits and returns how the call ended, never throwing for the plugin's faults.</summary>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="call">The call to make on the plugin, for example <c>rule =&gt; rule.Apply(order)</c>.</param>
    /// <returns>The outcome: completed with the value, or what stopped it.</returns>
    /// <remarks>
    /// A lambda that captures a local or <see langword="this"/> is a new object at every call; where that matters, pass
    /// what the call needs as state to <see cref="Invoke{TState, TResult}(TState, Func{TContract, TState, TResult})"/>.
    /// </remarks>
    public PluginOutcome<TResult> Invoke<TResult>(Func<TContract, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _invoker.Invoke<TContract, Func<TContract, TResult>, TResult>(_plugin, _userId, call, static (contract, run) => run(contract));
    }

    /// <summary>
    /// Calls the plugin under the sandbox's limits with <paramref name="state"/> handed to <paramref name="call"/>, and
    /// returns how the call ended, never throwing for the plugin's faults. With a <see langword="static"/> lambda
    /// nothing is captured, so an in-process call allocates nothing of its own.
    /// </summary>
    /// <typeparam name="TState">What the call needs besides the plugin (a value, or a tuple of values).</typeparam>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="state">Passed to <paramref name="call"/> as its second argument.</param>
    /// <param name="call">The call to make on the plugin, for example <c>static (rule, order) =&gt; rule.Apply(order)</c>.</param>
    /// <returns>The outcome: completed with the value, or what stopped it.</returns>
    /// <example>
    /// <code>
    /// var outcome = feature.Invoke(order, static (rule, order) =&gt; rule.Apply(order));
    /// </code>
    /// </example>
    public PluginOutcome<TResult> Invoke<TState, TResult>(TState state, Func<TContract, TState, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _invoker.Invoke(_plugin, _userId, state, call);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} ({Owner}): {Wish}";
}
