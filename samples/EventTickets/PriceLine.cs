namespace EventTickets;

/// <summary>One rule's part of a price: what it changed, or why it could not run.</summary>
internal sealed record PriceLine(string Rule, string Plugin, decimal Amount, string Text, bool Failed);
