namespace KioskPlugins;

public sealed class GarbledRule : ITicketPricingRule
{
    public string Name => "Garbled";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        return new PriceAdjustment(order.ListTotal * 0.1m, Name) %%% ]] ;
    }
}
