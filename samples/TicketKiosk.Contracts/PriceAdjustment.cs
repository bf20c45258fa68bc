namespace TicketKiosk.Contracts;

/// <summary>What a pricing rule takes off (or adds to) an order's total.</summary>
/// <param name="Amount">
/// The amount to subtract from the total: positive for a discount, negative for a surcharge.
/// </param>
/// <param name="Reason">A short text printed on the receipt, for example "Weekday group: 20% off".</param>
public sealed record PriceAdjustment(decimal Amount, string Reason);
