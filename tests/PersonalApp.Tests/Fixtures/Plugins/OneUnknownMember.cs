namespace KioskPlugins;

public sealed class FamilyDiscount : ITicketPricingRule
{
    public string Name => "Families: 10% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var adults = order.Adultz;
        var children = order.Children;
        var seniors = order.Seniors;
        return new PriceAdjustment(decimal.Round(order.ListTotal * 0.10m, 2), Name);
    }
}
