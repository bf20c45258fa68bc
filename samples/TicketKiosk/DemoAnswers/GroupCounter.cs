namespace KioskPlugins;

[UsesCapabilities("storage", "clock")]
public sealed class GroupCounter : ITicketPricingRule
{
    private const int Every = 3;
    private const int GroupSize = 10;
    private const decimal Rate = 0.10m;

    public string Name => "Every 3rd group (10+ visitors) today: 10% off";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        if (order.GroupSize < GroupSize)
        {
            return null;
        }

        // The count lives in the plugin's storage, one key per day of the host's clock.
        var context = PluginContext.Current;
        var today = context.Require<IPluginClock>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var served = context.Require<IPluginStorage>().Increment("groups:" + today);
        if (served % Every != 0)
        {
            return new PriceAdjustment(0m, $"Group {served} served today");
        }

        return new PriceAdjustment(decimal.Round(order.ListTotal * Rate, 2), $"Group {served} today: 10% off");
    }
}
