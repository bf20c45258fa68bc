namespace KioskPlugins;

public sealed class OrderCounter : ITicketPricingRule
{
    public string Name => "Order counter";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var storage = PluginContext.Current.Require<IPluginStorage>();
        var orders = storage.Increment("orders");
        return new PriceAdjustment(0m, $"order {orders}");
    }
}
