namespace KioskPlugins;

public sealed class WeekdayGroupDiscount : ITicketPricingRule
{
    private const decimal Rate = 0.25m;

    public string Name => "Weekday groups of more than 10: 25% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        if (order.GroupSize <= 10)
        {
            return null;
        }

        var day = order.VisitDate.DayOfWeek;
        if (day is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return null;
        }

        return new PriceAdjustment(decimal.Round(order.ListTotal * Rate, 2), Name);
    }
}

public static class PluginChecks
{
    public static bool GroupOf11GetsTheDiscount()
    {
        var order = new TicketOrder(new DateOnly(2026, 12, 1), 11, 0, 0, 20m, 10m, 12m);
        return new WeekdayGroupDiscount().Apply(order)?.Amount == decimal.Round(order.ListTotal * 0.25m, 2);
    }

    public static bool GroupOf10PaysFullPrice()
    {
        return new WeekdayGroupDiscount().Apply(new TicketOrder(new DateOnly(2026, 12, 1), 10, 0, 0, 20m, 10m, 12m)) is null;
    }

    public static bool NoWeekendDiscount()
    {
        return new WeekdayGroupDiscount().Apply(new TicketOrder(new DateOnly(2026, 12, 5), 11, 0, 0, 20m, 10m, 12m)) is null;
    }
}
