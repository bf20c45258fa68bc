namespace EventTickets.Contracts;

/// <summary>A quote for tickets to one event, before any price rule is applied.</summary>
/// <param name="EventName">The event's name, for example "Harbour Jazz Night".</param>
/// <param name="EventDate">The day the event takes place.</param>
/// <param name="Category">The ticket category: "standard", "student" or "vip".</param>
/// <param name="Quantity">Number of tickets in the quote (1 or more).</param>
/// <param name="UnitPrice">List price of one ticket, in euros.</param>
public sealed record TicketQuote(string EventName, DateOnly EventDate, string Category, int Quantity, decimal UnitPrice)
{
    /// <summary>Gets the list total: every ticket at its list price.</summary>
    public decimal ListTotal => Quantity * UnitPrice;
}
