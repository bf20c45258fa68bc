using EventTickets.Contracts;

namespace EventTickets;

/// <summary>A priced quote: the list total, each active rule's change (or why it failed), and the total to pay.</summary>
internal sealed record PriceBreakdown(TicketQuote Quote, IReadOnlyList<PriceLine> Lines, decimal Total);
