namespace PersonalApp.Capabilities;

/// <summary>
/// Thrown to a plugin when a capability refuses a use: it was not granted, a quota or limit was reached, or the
/// request was not allowed (an unapproved host, a capability used outside its call). The message says which and why.
/// </summary>
public sealed class PluginCapabilityException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PluginCapabilityException"/> class.</summary>
    public PluginCapabilityException()
        : this(string.Empty, "A capability refused a plugin's request.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginCapabilityException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public PluginCapabilityException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginCapabilityException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PluginCapabilityException(string message, Exception? innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PluginCapabilityException"/> class.</summary>
    /// <param name="capability">The capability that refused, one of <see cref="CapabilityNames"/>.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PluginCapabilityException(string capability, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Capability = capability ?? string.Empty;
    }

    /// <summary>Gets the capability that refused, one of <see cref="CapabilityNames"/> (empty when unknown).</summary>
    public string Capability { get; }
}
