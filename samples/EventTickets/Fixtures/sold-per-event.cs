// wish: tickets sold per event
namespace EventTicketsPlugins;

public sealed class SoldPerEvent : IEventReport
{
    public string Title => "Tickets sold per event";

    public string Render(IReadOnlyList<TicketSale> sales)
    {
        var lines = sales
            .GroupBy(s => s.EventName)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {g.Sum(s => s.Quantity)} tickets, {g.Sum(s => s.Paid):0.00} EUR");
        return string.Join("\n", lines);
    }
}
