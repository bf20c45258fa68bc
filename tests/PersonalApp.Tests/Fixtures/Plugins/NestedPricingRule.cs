namespace KioskPlugins;

public static class Rules
{
    public sealed class ChildrenHalfPrice : ITicketPricingRule
    {
        public string Name => "Children half price";

        public PriceAdjustment? Apply(TicketOrder order)
            => order.Children == 0 ? null : new PriceAdjustment(decimal.Round(order.Children * order.ChildPrice / 2, 2), Name);
    }
}
