using PersonalApp.Catalog;
namespace PersonalApp.Runtime;

/// <summary>
/// Thrown by a plugin's guarded <see cref="PersonalFeature{TContract}.Instance"/> when a call does not complete: the
/// plugin faulted, ran into a limit, or is disabled. Use <see cref="PersonalFeature{TContract}.Invoke{TResult}"/> to get
/// the same as a typed outcome instead.
/// </summary>
public sealed class PluginInvocationException : PersonalizationException
{
    /// <summary>Initializes a new instance of the <see cref="PluginInvocationException"/> class.</summary>
    public PluginInvocationException()
        : this(PluginOutcomeKind.Faulted, "A plugin call did not complete.", null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginInvocationException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public PluginInvocationException(string message)
        : this(PluginOutcomeKind.Faulted, message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginInvocationException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The plugin's exception, if it threw one.</param>
    public PluginInvocationException(string message, Exception? innerException)
        : this(PluginOutcomeKind.Faulted, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginInvocationException"/> class.</summary>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The plugin's exception, if it threw one.</param>
    public PluginInvocationException(PluginOutcomeKind outcome, string message, Exception? innerException)
        : base(DiagnosticIds.PluginCallFailed, message, innerException)
    {
        Outcome = outcome;
    }

    /// <summary>Gets how the call ended.</summary>
    public PluginOutcomeKind Outcome { get; }
}
