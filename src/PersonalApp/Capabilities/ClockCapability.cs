using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Capabilities;

/// <summary><see cref="IPluginClock"/> over the host's <see cref="TimeProvider"/>.</summary>
internal sealed class ClockCapability : CapabilityBase, IPluginClock
{
    private readonly TimeProvider _time;

    public ClockCapability(PluginVersionKey plugin, string userId, TimeProvider time, CapabilityUsageRecorder usage)
        : base(CapabilityNames.Clock, plugin, userId, usage)
    {
        _time = time;
    }

    public DateTimeOffset UtcNow
    {
        get
        {
            EnsureInCall();
            Used();
            return _time.GetUtcNow();
        }
    }

    public DateTimeOffset LocalNow
    {
        get
        {
            EnsureInCall();
            Used();
            return TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _time.LocalTimeZone);
        }
    }

    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    protected override bool IsHeldBy(PluginContext context) => ReferenceEquals(context.Clock, this);
}
