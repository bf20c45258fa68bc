namespace EventTickets;

/// <summary>An event on sale, with the list price of a standard ticket.</summary>
internal sealed record EventListing(string Id, string Name, DateOnly Date, decimal UnitPrice);
