namespace KioskPlugins;

internal sealed class HiddenRule : ITicketPricingRule
{
    public string Name => "Hidden";

    public PriceAdjustment? Apply(TicketOrder order) => null;
}
