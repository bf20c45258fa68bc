using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>The orders plugins are called with: one that every measured rule applies to, so no call takes a short cut.</summary>
internal static class Orders
{
    /// <summary>A Wednesday in July, 12 adults, 4 children, 2 seniors: a weekday group, families, a season, a holiday-free day.</summary>
    public static TicketOrder WeekdayGroup { get; } = new(new DateOnly(2026, 7, 15), 12, 4, 2, 20m, 10m, 15m);
}
