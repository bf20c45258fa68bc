using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime;

/// <summary>The typed result of one call into a plugin, whatever happened in it. Never thrown.</summary>
/// <typeparam name="TResult">What the call returns.</typeparam>
/// <remarks>
/// A value, so a call allocates no outcome. Every outcome a call returns names its <see cref="Plugin"/>; a
/// <see langword="default"/> one names none and is no call's outcome.
/// </remarks>
public readonly record struct PluginOutcome<TResult>
{
    /// <summary>Gets the plugin version that was called.</summary>
    public required PluginVersionKey Plugin { get; init; }

    /// <summary>Gets how the call ended.</summary>
    public required PluginOutcomeKind Kind { get; init; }

    /// <summary>Gets the plugin's result when <see cref="Kind"/> is <see cref="PluginOutcomeKind.Completed"/>; otherwise default.</summary>
    public TResult? Value { get; init; }

    /// <summary>Gets what happened, for a log or a person, when the call did not complete.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the plugin's exception when <see cref="Kind"/> is <see cref="PluginOutcomeKind.Faulted"/>.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Gets the sandbox layer that stopped the call, when one did.</summary>
    public PolicyLayer? Layer { get; init; }

    /// <summary>Gets a value indicating whether the plugin returned normally.</summary>
    public bool IsCompleted => Kind == PluginOutcomeKind.Completed;

    /// <inheritdoc />
    public override string ToString() => IsCompleted ? $"{Plugin}: completed" : $"{Plugin}: {Kind}: {Message}";
}
