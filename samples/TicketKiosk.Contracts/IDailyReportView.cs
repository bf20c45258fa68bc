using PersonalApp;
using PersonalApp.Views;

namespace TicketKiosk.Contracts;

/// <summary>The day's sales as a view for the kiosk's screen: a table and a chart rather than plain text.</summary>
[ExtensionPoint(
    "A daily report view: turns one day's ticket sales into a view (a table of the sales by hour and a bar chart of the tickets sold) for the staff's screen.",
    Keywords = "daily report table chart view graph hour hours sales day screen")]
public interface IDailyReportView
{
    /// <summary>Gets the view's title, for example "Sales by hour".</summary>
    string Title { get; }

    /// <summary>Builds the view.</summary>
    /// <param name="sales">The day's sales, oldest first. May be empty.</param>
    /// <returns>A view made of PersonalApp.Views blocks, for example a <see cref="TableBlock"/> and a <see cref="ChartBlock"/>.</returns>
    PluginView Build(IReadOnlyList<TicketSale> sales);
}
