// wish: tickets sold per event
using System.Globalization;
using PersonalApp.Views;

namespace EventTicketsPlugins;

public sealed class SoldPerEvent : IEventReport
{
    public PluginView Render(IReadOnlyList<TicketSale> sales)
    {
        var events = sales
            .GroupBy(s => s.EventName)
            .OrderBy(g => g.Key)
            .Select(g => (Name: g.Key, Tickets: g.Sum(s => s.Quantity), Paid: g.Sum(s => s.Paid)))
            .ToList();
        var tickets = events.Sum(e => e.Tickets);
        var paid = events.Sum(e => e.Paid);
        return new PluginView("Tickets sold per event",
        [
            new KeyValueBlock(
            [
                new KeyValueItem("Tickets sold", tickets.ToString(CultureInfo.InvariantCulture)),
                new KeyValueItem("Paid in all", paid.ToString("0.00", CultureInfo.InvariantCulture) + " EUR"),
            ]),
            new TableBlock(
                [new TableColumn("Event"), new TableColumn("Tickets", ColumnKind.Number), new TableColumn("Paid (EUR)", ColumnKind.Money)],
                [.. events.Select(e => (IReadOnlyList<string>)[e.Name, e.Tickets.ToString(CultureInfo.InvariantCulture), e.Paid.ToString("0.00", CultureInfo.InvariantCulture)])]),
            new ChartBlock(ChartKind.Bar, "Tickets by event", [.. events.Select(e => e.Name)], [new ChartSeries("Tickets", [.. events.Select(e => (double)e.Tickets)])]),
        ]);
    }
}
