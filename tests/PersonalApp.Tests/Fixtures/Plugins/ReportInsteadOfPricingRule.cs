namespace KioskPlugins;

public sealed class VisitorCount : ISalesReport
{
    public string Title => "Visitors in all";

    public string Render(IReadOnlyList<TicketSale> sales) => $"Visitors: {sales.Sum(s => s.Order.GroupSize)}";
}
