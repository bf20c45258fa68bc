// wish: 10% off when buying 4 or more tickets
namespace EventTicketsPlugins;

public sealed class BulkDiscount : ITicketPriceRule
{
    private const decimal Rate = 0.10m;

    public string Name => "4 or more tickets: 10% off";

    public PriceChange? Apply(TicketQuote quote)
        => quote.Quantity >= 4
            ? new PriceChange(decimal.Round(quote.ListTotal * Rate, 2), "4 or more tickets: 10% off")
            : null;
}

public static class PluginChecks
{
    public static bool FourTicketsGetTenPercent()
        => new BulkDiscount().Apply(new TicketQuote("Test", new DateOnly(2027, 1, 1), "standard", 4, 50m))?.Amount == 20m;

    public static bool ThreeTicketsPayFullPrice()
        => new BulkDiscount().Apply(new TicketQuote("Test", new DateOnly(2027, 1, 1), "standard", 3, 50m)) is null;
}
