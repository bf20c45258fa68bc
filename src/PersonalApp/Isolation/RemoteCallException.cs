using PersonalApp.Catalog;
using PersonalApp.Runtime;

namespace PersonalApp.Isolation;

/// <summary>A call into an isolated plugin that did not complete; the invoker turns it into the outcome it names.</summary>
internal sealed class RemoteCallException : Exception
{
    public RemoteCallException()
        : this(PluginOutcomeKind.Faulted, "The isolated call did not complete.")
    {
    }

    public RemoteCallException(string message)
        : this(PluginOutcomeKind.Faulted, message)
    {
    }

    public RemoteCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = PluginOutcomeKind.Faulted;
    }

    public RemoteCallException(PluginOutcomeKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public PluginOutcomeKind Kind { get; }

    /// <summary>Gets a value indicating whether the call never ran because its worker was lost to something else: not the plugin's fault.</summary>
    public bool WorkerLost { get; init; }
}
