namespace EventTickets;

/// <summary>The worked examples the platform shows the model (and the user page shows as example wishes).</summary>
internal static class Examples
{
    public const string PriceRuleWish = "10% off when buying 4 or more tickets";

    public const string PriceRuleSource = """
        namespace EventTicketsPlugins;

        public sealed class BulkDiscount : ITicketPriceRule
        {
            public string Name => "4 or more tickets: 10% off";

            public PriceChange? Apply(TicketQuote quote)
                => quote.Quantity >= 4
                    ? new PriceChange(decimal.Round(quote.ListTotal * 0.10m, 2), "4 or more tickets: 10% off")
                    : null;
        }
        """;

    public const string ReportWish = "tickets sold per event";

    public const string ReportSource = """
        using System.Globalization;
        using PersonalApp.Views;

        namespace EventTicketsPlugins;

        public sealed class SoldPerEvent : IEventReport
        {
            public PluginView Render(IReadOnlyList<TicketSale> sales)
                => new("Tickets sold per event",
                [
                    new TableBlock(
                        [new TableColumn("Event"), new TableColumn("Tickets", ColumnKind.Number)],
                        [.. sales.GroupBy(s => s.EventName).Select(g => (IReadOnlyList<string>)[g.Key, g.Sum(s => s.Quantity).ToString(CultureInfo.InvariantCulture)])]),
                ]);
        }
        """;
}
