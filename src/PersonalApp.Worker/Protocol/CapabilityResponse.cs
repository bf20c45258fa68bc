namespace PersonalApp.Worker.Protocol;

/// <summary>The host's answer to a <see cref="CapabilityRequest"/>.</summary>
/// <param name="Refusal">Why the host refused the call (the plugin gets a <c>PluginCapabilityException</c> saying so), or null.</param>
/// <param name="Text">A storage value or an HTTP body.</param>
/// <param name="Number">An increment's new value, or 1 when a removal removed something.</param>
/// <param name="Keys">The keys a listing found.</param>
/// <param name="UtcNow">The host's time.</param>
/// <param name="LocalNow">The host's local time.</param>
public sealed record CapabilityResponse(string? Refusal, string? Text = null, long Number = 0, IReadOnlyList<string>? Keys = null, DateTimeOffset UtcNow = default, DateTimeOffset LocalNow = default)
{
    /// <summary>A refusal.</summary>
    /// <param name="why">What was refused and why.</param>
    /// <returns>The answer.</returns>
    public static CapabilityResponse Refused(string why) => new(why);
}
