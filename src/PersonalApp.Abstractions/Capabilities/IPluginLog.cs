namespace PersonalApp.Capabilities;

/// <summary>
/// Writes to the host's log, tagged with the plugin and the user. Rate-limited: messages past the limit are dropped
/// (and counted), never thrown, so logging cannot break a call. Granted as <see cref="CapabilityNames.Log"/>.
/// </summary>
public interface IPluginLog
{
    /// <summary>Writes an informational message (cut to 1,000 characters).</summary>
    /// <param name="message">The message.</param>
    void Information(string message);

    /// <summary>Writes a warning (cut to 1,000 characters).</summary>
    /// <param name="message">The message.</param>
    void Warning(string message);
}
