namespace PersonalApp.FleetHost;

/// <summary>A moment the next catalog write of a status change waits for: set by the test to make two nodes write at once.</summary>
internal sealed class HeldApply
{
    public DateTimeOffset? Until { get; set; }
}
