using TicketKiosk.Contracts;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>Ticket orders at the kiosk's list prices (adults 20, children 10, seniors 12).</summary>
internal static class TestOrders
{
    public static readonly DateOnly Tuesday = new(2026, 12, 1);

    public static readonly DateOnly Saturday = new(2026, 12, 5);

    public static readonly DateOnly Monday = new(2026, 11, 30);

    public static TicketOrder Order(DateOnly date, int adults, int children = 0, int seniors = 0)
        => new(date, adults, children, seniors, 20m, 10m, 12m);

    /// <summary>Twelve adults on a Tuesday: list total 240, 48 off with 20%, 60 off with 25%.</summary>
    public static TicketOrder WeekdayGroup() => Order(Tuesday, adults: 12);
}
