using PersonalApp;
using PersonalApp.Views;

namespace EventTickets.Contracts;

/// <summary>A report an organizer reads about the tickets sold, shown on the platform's page as a table, a chart, totals.</summary>
[ExtensionPoint(
    "An event report: turns the list of ticket sales into a view (headings, text, totals, a table, a bar or line chart) an organizer reads.",
    Keywords = "report reports sales summary revenue sold totals count attendees table chart graph view dashboard")]
public interface IEventReport
{
    /// <summary>Builds the report.</summary>
    /// <param name="sales">Every sale to report on, oldest first. May be empty.</param>
    /// <returns>
    /// The report as a view made of PersonalApp.Views blocks, for example a <see cref="KeyValueBlock"/> of totals, a
    /// <see cref="TableBlock"/> and a <see cref="ChartBlock"/>. Its title is the report's title, for example "Tickets sold per event".
    /// </returns>
    PluginView Render(IReadOnlyList<TicketSale> sales);
}
