using PersonalApp;

namespace EventTickets.Contracts;

/// <summary>A report an organizer reads about the tickets sold.</summary>
[ExtensionPoint(
    "An event report: turns the list of ticket sales into plain text an organizer reads.",
    Keywords = "report reports sales summary revenue sold totals count attendees")]
public interface IEventReport
{
    /// <summary>Gets the report's title, for example "Tickets sold per event".</summary>
    string Title { get; }

    /// <summary>Writes the report.</summary>
    /// <param name="sales">Every sale to report on, oldest first. May be empty.</param>
    /// <returns>The report as plain text, lines separated by <c>\n</c>.</returns>
    string Render(IReadOnlyList<TicketSale> sales);
}
