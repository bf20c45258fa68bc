namespace KioskPlugins;

/// <summary>Small (about 20 lines): 20% off for groups of more than ten on weekdays.</summary>
public sealed class SmallPricingRule : ITicketPricingRule
{
    private const decimal Rate = 0.20m;

    public string Name => "Weekday groups of more than 10: 20% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var day = order.VisitDate.DayOfWeek;
        if (order.GroupSize <= 10 || day is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return null;
        }

        return new PriceAdjustment(decimal.Round(order.ListTotal * Rate, 2), Name);
    }
}
