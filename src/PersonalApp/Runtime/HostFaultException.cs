using PersonalApp.Capabilities;

namespace PersonalApp.Runtime;

/// <summary>
/// The exception of a plugin call that failed while the host could not serve one of its capabilities (the store busy,
/// locked or full): the failure is the host's, so it is not counted toward disabling the plugin. The plugin's own
/// exception, if any, is the inner exception.
/// </summary>
internal sealed class HostFaultException : Exception
{
    public HostFaultException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    /// <summary>The outcome of a failed call during which the host failed the plugin; a completed one is returned as it is.</summary>
    internal static PluginOutcome<TResult> Attach<TResult>(PluginOutcome<TResult> outcome, PluginContext? context)
        => outcome.IsCompleted || context?.HostFault is not { } why
            ? outcome
            : outcome with
            {
                Message = $"{outcome.Message} (The host could not serve the plugin during this call: {why} Not counted against the plugin.)",
                Exception = new HostFaultException(why, outcome.Exception),
            };
}
