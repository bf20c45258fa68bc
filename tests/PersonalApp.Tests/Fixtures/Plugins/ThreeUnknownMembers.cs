namespace KioskPlugins;

public sealed class FamilyDiscount : ITicketPricingRule
{
    public string Name => "Families: 10% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var adults = order.Adultz;
        var children = order.Childz;
        var seniors = order.Seniorz;
        return new PriceAdjustment(decimal.Round(order.ListTotal * 0.10m, 2), Name);
    }
}
