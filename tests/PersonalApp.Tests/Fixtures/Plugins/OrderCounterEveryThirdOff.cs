namespace KioskPlugins;

[UsesCapabilities("storage")]
public sealed class OrderCounter : ITicketPricingRule
{
    private const decimal Rate = 0.10m;

    public string Name => "Every third order: 10% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var orders = PluginContext.Current.Require<IPluginStorage>().Increment("orders");
        var amount = orders % 3 == 0 ? decimal.Round(order.ListTotal * Rate, 2) : 0m;
        return new PriceAdjustment(amount, $"order {orders} (v2)");
    }
}
