using PersonalApp;

namespace EventTickets.Contracts;

/// <summary>
/// A pricing rule of the ticketing platform: looks at a quote for tickets to one event and may give a discount or add
/// a surcharge. The platform applies every active rule of the organizer and adds up the changes.
/// </summary>
[ExtensionPoint(
    "A ticket price rule: looks at a quote (event, event date, category, number of tickets, unit price) and returns a discount or surcharge, or null when the rule does not apply.",
    Keywords = "price pricing discount off surcharge ticket tickets early bird group bulk buying student students half vip category weekend order cheaper event days away")]
public interface ITicketPriceRule
{
    /// <summary>Gets a short name for the rule, shown on the price breakdown, for example "Early bird".</summary>
    string Name { get; }

    /// <summary>Decides whether the rule applies to a quote and by how much.</summary>
    /// <param name="quote">The quote to price. Never null.</param>
    /// <returns>
    /// The change to apply, or <see langword="null"/> when the rule does not apply to this quote. Amounts are in euros
    /// and must not exceed the quote's list total.
    /// </returns>
    PriceChange? Apply(TicketQuote quote);
}
