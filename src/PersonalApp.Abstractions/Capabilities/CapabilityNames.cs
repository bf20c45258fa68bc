namespace PersonalApp.Capabilities;

/// <summary>
/// The names of the capabilities a plugin can ask for in <see cref="UsesCapabilitiesAttribute"/> and an admin can grant
/// at approval. Powers not listed here (processes, files, native code, threads, reflection) are never grantable.
/// </summary>
public static class CapabilityNames
{
    /// <summary>A key-value store kept for the plugin and the user it runs for: <see cref="IPluginStorage"/>.</summary>
    public const string Storage = "storage";

    /// <summary>The host's clock: <see cref="IPluginClock"/>.</summary>
    public const string Clock = "clock";

    /// <summary>The host's log, rate-limited: <see cref="IPluginLog"/>.</summary>
    public const string Log = "log";

    /// <summary>HTTP GET to the hosts the admin approved, with a timeout and a size cap: <see cref="IPluginHttp"/>.</summary>
    public const string Http = "http";

    /// <summary>Gets every capability name, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Storage, Clock, Log, Http];

    /// <summary>Whether <paramref name="name"/> is one of the capability names (compared exactly, lower case).</summary>
    /// <param name="name">The name to look up.</param>
    /// <returns><see langword="true"/> for a known capability.</returns>
    public static bool IsKnown(string? name) => name is Storage or Clock or Log or Http;
}
