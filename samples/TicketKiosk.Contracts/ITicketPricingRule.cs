using PersonalApp;

namespace TicketKiosk.Contracts;

/// <summary>
/// A pricing rule of the kiosk: looks at an order and may give a discount or add a surcharge.
/// The kiosk applies every active rule of the member of staff and adds up the adjustments.
/// </summary>
[ExtensionPoint(
    "A pricing rule: looks at a ticket order (visit date, adults, children, seniors, list prices) and returns a discount or surcharge, or null when the rule does not apply.",
    Keywords = "price pricing discount off surcharge ticket group child children senior seniors weekday weekend free cheaper")]
public interface ITicketPricingRule
{
    /// <summary>Gets a short name for the rule, shown to staff, for example "Weekday groups".</summary>
    string Name { get; }

    /// <summary>Decides whether the rule applies to an order and by how much.</summary>
    /// <param name="order">The order to price. Never null.</param>
    /// <returns>
    /// The adjustment to apply, or <see langword="null"/> when the rule does not apply to this order.
    /// Amounts are in the kiosk's currency and must not exceed the order's list total.
    /// </returns>
    PriceAdjustment? Apply(TicketOrder order);
}
