using PersonalApp;

namespace TicketKiosk.Contracts;

/// <summary>A sales report that staff can print from the kiosk.</summary>
[ExtensionPoint(
    "A sales report: turns the list of ticket sales into plain text that staff read or print.",
    Keywords = "report sales summary revenue total totals daily day week print count visitors")]
public interface ISalesReport
{
    /// <summary>Gets the report's title, for example "Revenue by day".</summary>
    string Title { get; }

    /// <summary>Writes the report.</summary>
    /// <param name="sales">Every sale to report on, oldest first. May be empty.</param>
    /// <returns>The report as plain text, lines separated by <c>\n</c>.</returns>
    string Render(IReadOnlyList<TicketSale> sales);
}
