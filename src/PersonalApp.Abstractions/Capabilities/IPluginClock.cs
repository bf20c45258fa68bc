namespace PersonalApp.Capabilities;

/// <summary>The host's clock (its <c>TimeProvider</c>), so a plugin can tell the time without reading the machine's. Granted as <see cref="CapabilityNames.Clock"/>.</summary>
public interface IPluginClock
{
    /// <summary>Gets the current time in UTC.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Gets the current time in the host's time zone.</summary>
    DateTimeOffset LocalNow { get; }

    /// <summary>Gets today's date in the host's time zone.</summary>
    DateOnly Today { get; }
}
