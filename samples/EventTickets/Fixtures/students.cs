// wish: students pay half price
namespace EventTicketsPlugins;

public sealed class StudentHalfPrice : ITicketPriceRule
{
    public string Name => "Students: half price";

    public PriceChange? Apply(TicketQuote quote)
        => string.Equals(quote.Category, "student", StringComparison.OrdinalIgnoreCase)
            ? new PriceChange(decimal.Round(quote.ListTotal / 2, 2), "Students: half price")
            : null;
}

public static class PluginChecks
{
    public static bool StudentsPayHalf()
        => new StudentHalfPrice().Apply(new TicketQuote("Test", new DateOnly(2027, 1, 1), "student", 2, 30m))?.Amount == 30m;
}
