namespace EventTickets.Contracts;

/// <summary>One sale of tickets.</summary>
/// <param name="EventName">The event the tickets are for.</param>
/// <param name="Category">The ticket category: "standard", "student" or "vip".</param>
/// <param name="Quantity">Number of tickets sold.</param>
/// <param name="Paid">What the buyer paid in all, in euros, after every price rule.</param>
public sealed record TicketSale(string EventName, string Category, int Quantity, decimal Paid);
