namespace KioskPlugins;

public sealed class ChildrenGoFree : ITicketPricingRule
{
    public string Name => "Children go free";

    public PriceAdjustment? Apply(TicketOrder order)
        => order.Children == 0 ? null : new PriceAdjustment(order.Children * order.ChildPrice, Name);
}

public sealed class SeniorsGoFree : ITicketPricingRule
{
    public string Name => "Seniors go free";

    public PriceAdjustment? Apply(TicketOrder order)
        => order.Seniors == 0 ? null : new PriceAdjustment(order.Seniors * order.SeniorPrice, Name);
}
