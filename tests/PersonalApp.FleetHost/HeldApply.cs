namespace PersonalApp.FleetHost;

/// <summary>
/// Holds the next catalog write of a status change until the test releases it, to make two nodes write at once: the
/// node creates <c>{ReleaseFile}.{pid}.held</c> when its write is held (it has read the catalog), and writes once
/// <see cref="ReleaseFile"/> exists. A handshake, not a moment on the clock: a slow node cannot miss it.
/// </summary>
internal sealed class HeldApply
{
    /// <summary>How long a held write waits for its release before going on anyway (a broken test must not hang).</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public string? ReleaseFile { get; set; }
}
