using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>The kiosk's price list and some sales to report on.</summary>
internal static class Sales
{
    public const decimal AdultPrice = 20m;
    public const decimal ChildPrice = 10m;
    public const decimal SeniorPrice = 12m;

    public static TicketOrder Order(DateOnly date, int adults, int children = 0, int seniors = 0)
        => new(date, adults, children, seniors, AdultPrice, ChildPrice, SeniorPrice);

    public static IReadOnlyList<TicketSale> Sample(DateOnly monday) =>
    [
        new(monday.ToDateTime(new TimeOnly(9, 30)), Order(monday, 2, 1), 50m),
        new(monday.ToDateTime(new TimeOnly(11, 5)), Order(monday, 12), 192m),
        new(monday.AddDays(1).ToDateTime(new TimeOnly(10, 0)), Order(monday.AddDays(1), 1, 0, 2), 44m),
        new(monday.AddDays(1).ToDateTime(new TimeOnly(15, 45)), Order(monday.AddDays(1), 4, 3), 110m),
    ];
}
