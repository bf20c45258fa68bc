// wish: make it 25% off
namespace EventTicketsPlugins;

[UsesCapabilities("clock")]
public sealed class EarlyBird : ITicketPriceRule
{
    private const decimal Rate = 0.25m;

    public string Name => "Early bird: 25% off";

    public PriceChange? Apply(TicketQuote quote)
    {
        var today = PluginContext.Current.Require<IPluginClock>().Today;
        if (quote.EventDate.DayNumber - today.DayNumber <= 30)
        {
            return null;
        }

        return new PriceChange(decimal.Round(quote.ListTotal * Rate, 2), "Early bird: 25% off");
    }
}

public static class PluginChecks
{
    public static bool NameSaysTwentyFivePercent()
        => new EarlyBird().Name.Contains("25%", StringComparison.Ordinal);
}
