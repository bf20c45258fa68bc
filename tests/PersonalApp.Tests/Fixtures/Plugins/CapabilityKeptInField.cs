namespace KioskPlugins;

[UsesCapabilities("storage")]
public sealed class CapabilityKeptInField : ITicketPricingRule
{
    private IPluginStorage? _kept;

    public string Name => "Keeps the storage it was handed";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        _kept ??= PluginContext.Current.Require<IPluginStorage>();
        var seen = _kept.Increment("seen");
        return new PriceAdjustment(0m, $"seen {seen}");
    }
}
