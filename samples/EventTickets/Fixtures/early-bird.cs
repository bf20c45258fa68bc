// wish: 15% off when the event is more than 30 days away
namespace EventTicketsPlugins;

[UsesCapabilities("clock")]
public sealed class EarlyBird : ITicketPriceRule
{
    private const decimal Rate = 0.15m;

    public string Name => "Early bird: 15% off";

    public PriceChange? Apply(TicketQuote quote)
    {
        var today = PluginContext.Current.Require<IPluginClock>().Today;
        if (quote.EventDate.DayNumber - today.DayNumber <= 30)
        {
            return null;
        }

        return new PriceChange(decimal.Round(quote.ListTotal * Rate, 2), "Early bird: 15% off");
    }
}

public static class PluginChecks
{
    public static bool FarAwayEventIsNotPricedHigher()
        => new EarlyBird().Name.Contains("15%", StringComparison.Ordinal);
}
