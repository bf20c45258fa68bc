namespace KioskPlugins;

public sealed class MondaySeniorDiscount : ITicketPricingRule
{
    private const decimal Rate = 0.10m;

    public string Name => "Monday seniors: 10% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        if (order.VisitDate.DayOfWeek != DayOfWeek.Monday || order.Seniors == 0)
        {
            return null;
        }

        var amount = decimal.Round(order.Seniors * order.SeniorPrice * Rate, 2);
        return new PriceAdjustment(amount, "Monday seniors: 10% off");
    }
}
