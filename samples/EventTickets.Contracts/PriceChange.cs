namespace EventTickets.Contracts;

/// <summary>What a price rule takes off (or adds to) a quote's total.</summary>
/// <param name="Amount">The amount to subtract from the total, in euros: positive for a discount, negative for a surcharge.</param>
/// <param name="Reason">A short text shown on the price breakdown, for example "Early bird: 15% off".</param>
public sealed record PriceChange(decimal Amount, string Reason);
