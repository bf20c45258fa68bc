namespace TicketKiosk.Contracts;

/// <summary>One completed sale at the kiosk.</summary>
/// <param name="SoldAt">When the sale was made, in the kiosk's local time.</param>
/// <param name="Order">The order that was sold.</param>
/// <param name="Paid">What the visitor paid after every pricing rule.</param>
public sealed record TicketSale(DateTime SoldAt, TicketOrder Order, decimal Paid);
