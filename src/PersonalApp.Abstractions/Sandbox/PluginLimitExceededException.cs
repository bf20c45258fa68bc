namespace PersonalApp.Sandbox;

/// <summary>
/// Thrown inside a plugin call by an injected guard when the call runs into one of its limits. Once thrown, every
/// further guard of the same call throws again, so plugin code that catches it cannot carry on.
/// </summary>
public sealed class PluginLimitExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PluginLimitExceededException"/> class.</summary>
    public PluginLimitExceededException()
        : this(PluginLimit.Operations, "A plugin call ran into a limit.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginLimitExceededException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public PluginLimitExceededException(string message)
        : this(PluginLimit.Operations, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginLimitExceededException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PluginLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Limit = PluginLimit.Operations;
    }

    /// <summary>Initializes a new instance of the <see cref="PluginLimitExceededException"/> class.</summary>
    /// <param name="limit">The limit that was reached.</param>
    /// <param name="message">What happened.</param>
    public PluginLimitExceededException(PluginLimit limit, string message)
        : base(message)
    {
        Limit = limit;
    }

    /// <summary>Gets the limit that was reached.</summary>
    public PluginLimit Limit { get; }
}
