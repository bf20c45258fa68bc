namespace PersonalApp.Isolation;

/// <summary>
/// How the isolated worker processes run: the real security boundary. Which limits are actually in force on this
/// machine is reported at start-up and by <see cref="IPluginIsolation.Report"/>, never silently assumed.
/// </summary>
public sealed class IsolationOptions
{
    /// <summary>Gets or sets how many warm workers wait ready, so a call or a verification never waits for a cold start. 1 to 8; default 2.</summary>
    public int PoolSize { get; set; } = 2;

    /// <summary>Gets or sets whether workers run under bubblewrap (no network, read-only file system, no view of the host's data). Default <see cref="SandboxRequirement.WhenAvailable"/>.</summary>
    public SandboxRequirement Bubblewrap { get; set; } = SandboxRequirement.WhenAvailable;

    /// <summary>Gets or sets the managed heap cap of each worker (DOTNET_GCHeapHardLimit). 32 MB to 16 GB; default 512 MB.</summary>
    public long HeapLimitBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Gets or sets the most processes a worker may start (prlimit --nproc; not enforced for root). 16 to 4,096; default 256.</summary>
    public int MaxProcesses { get; set; } = 256;

    /// <summary>Gets or sets the wall-clock time a call may take beyond its sandbox timeout before its worker is killed. 100 ms to 1 minute; default 2 seconds.</summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest result one call may send back. 1 KB to 64 MB; default 1 MB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how many workers may be lost (crashed, killed) within <see cref="FailureWindow"/> before the pool cools down. 1 to 100; default 5.</summary>
    public int FailuresBeforeCooldown { get; set; } = 5;

    /// <summary>Gets or sets the window in which lost workers are counted. 1 second to 1 hour; default 1 minute.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long the pool waits, once cooling down, before it starts workers again. 100 ms to 10 minutes; default 10 seconds.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the folder where workers' images and scratch folders live. Defaults to a folder under the system temp
    /// folder, never the store's. Keep its full path under about 90 bytes: each worker's call socket lives in its scratch
    /// folder, and a Unix socket's path holds at most 107 (a worker whose path is longer fails to start, saying so).
    /// </summary>
    public string? WorkDirectory { get; set; }

    internal IEnumerable<string> Problems()
    {
        const string Owner = "PersonalizationOptions.Isolation";
        if (PoolSize is < 1 or > 8)
        {
            yield return $"{Owner}.PoolSize is {PoolSize}: use 1 to 8.";
        }

        if (HeapLimitBytes is < 32L * 1024 * 1024 or > 16L * 1024 * 1024 * 1024)
        {
            yield return $"{Owner}.HeapLimitBytes is {HeapLimitBytes:N0}: use 33,554,432 to 17,179,869,184.";
        }

        if (MaxProcesses is < 16 or > 4_096)
        {
            yield return $"{Owner}.MaxProcesses is {MaxProcesses}: use 16 to 4,096.";
        }

        if (DeadlineMargin < TimeSpan.FromMilliseconds(100) || DeadlineMargin > TimeSpan.FromMinutes(1))
        {
            yield return $"{Owner}.DeadlineMargin is {DeadlineMargin}: use 100 ms to 1 minute.";
        }

        if (MaxResponseBytes is < 1024 or > 64 * 1024 * 1024)
        {
            yield return $"{Owner}.MaxResponseBytes is {MaxResponseBytes:N0}: use 1,024 to 67,108,864.";
        }

        if (FailuresBeforeCooldown is < 1 or > 100)
        {
            yield return $"{Owner}.FailuresBeforeCooldown is {FailuresBeforeCooldown}: use 1 to 100.";
        }

        if (FailureWindow < TimeSpan.FromSeconds(1) || FailureWindow > TimeSpan.FromHours(1))
        {
            yield return $"{Owner}.FailureWindow is {FailureWindow}: use 1 second to 1 hour.";
        }

        if (Cooldown < TimeSpan.FromMilliseconds(100) || Cooldown > TimeSpan.FromMinutes(10))
        {
            yield return $"{Owner}.Cooldown is {Cooldown}: use 100 ms to 10 minutes.";
        }
    }
}
