namespace PersonalApp.Sandbox;

/// <summary>
/// The finite limits of one plugin call, enforced by the guards injected into every plugin. There is no
/// "unlimited": every value has a ceiling. Set them for all extension points in
/// <see cref="SandboxOptions.Limits"/>, or for one in its <c>ExtensionPointOptions.Limits</c>.
/// </summary>
public sealed class SandboxLimits
{
    /// <summary>Gets or sets the wall-clock time one call may take. 1 ms to 10 minutes; default 1 second.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many guarded operations (method entries and loop iterations) one call may run. 1,000 to 10 billion; default 50 million.</summary>
    public long MaxOperations { get; set; } = 50_000_000;

    /// <summary>Gets or sets how many bytes one call may allocate. 64 KB to 4 GB; default 64 MB.</summary>
    public long MaxAllocatedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how much stack one call may use, which bounds recursion. 16 KB to 4 MB; default 256 KB (thousands of frames).</summary>
    public int MaxStackBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets the longest match timeout a regular expression may use. 1 ms to 10 seconds; default 100 ms.</summary>
    public TimeSpan MaxRegexTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how many failed calls (faults and limits) within <see cref="FaultWindow"/> disable a plugin. 1 to 1,000; default 3.</summary>
    public int FaultsBeforeDisable { get; set; } = 3;

    /// <summary>Gets or sets the window in which failed calls are counted. 1 second to 1 day; default 10 minutes.</summary>
    public TimeSpan FaultWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Returns a copy, so one extension point's changes do not affect another's.</summary>
    /// <returns>A new instance with the same values.</returns>
    public SandboxLimits Clone() => (SandboxLimits)MemberwiseClone();

    /// <summary>The problems with these values, each naming the property; empty when they are all in range.</summary>
    internal IEnumerable<string> Problems(string owner)
    {
        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{owner}.Timeout is {Timeout}: use 1 ms to 10 minutes.";
        }

        if (MaxOperations is < 1_000 or > 10_000_000_000)
        {
            yield return $"{owner}.MaxOperations is {MaxOperations:N0}: use 1,000 to 10,000,000,000.";
        }

        if (MaxAllocatedBytes is < 64 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            yield return $"{owner}.MaxAllocatedBytes is {MaxAllocatedBytes:N0}: use 65,536 to 4,294,967,296.";
        }

        if (MaxStackBytes is < 16 * 1024 or > 4 * 1024 * 1024)
        {
            yield return $"{owner}.MaxStackBytes is {MaxStackBytes:N0}: use 16,384 to 4,194,304.";
        }

        if (MaxRegexTimeout < TimeSpan.FromMilliseconds(1) || MaxRegexTimeout > TimeSpan.FromSeconds(10))
        {
            yield return $"{owner}.MaxRegexTimeout is {MaxRegexTimeout}: use 1 ms to 10 seconds.";
        }

        if (FaultsBeforeDisable is < 1 or > 1_000)
        {
            yield return $"{owner}.FaultsBeforeDisable is {FaultsBeforeDisable}: use 1 to 1,000.";
        }

        if (FaultWindow < TimeSpan.FromSeconds(1) || FaultWindow > TimeSpan.FromDays(1))
        {
            yield return $"{owner}.FaultWindow is {FaultWindow}: use 1 second to 1 day.";
        }
    }

    internal GuardLimits ToGuardLimits() => new(Timeout, MaxOperations, MaxAllocatedBytes, MaxStackBytes, MaxRegexTimeout);
}
