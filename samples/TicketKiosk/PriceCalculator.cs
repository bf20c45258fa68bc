using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>Prices an order: list total, then every active pricing rule of the member of staff.</summary>
internal static class PriceCalculator
{
    public static PricedOrder Price(TicketOrder order, IReadOnlyList<PersonalFeature<ITicketPricingRule>> rules)
    {
        var adjustments = new List<PriceAdjustment>();
        foreach (var rule in rules)
        {
            if (rule.Instance.Apply(order) is { } adjustment)
            {
                adjustments.Add(adjustment);
            }
        }

        var total = Math.Max(0m, order.ListTotal - adjustments.Sum(a => a.Amount));
        return new PricedOrder(order, adjustments, total);
    }
}

/// <summary>An order with its adjustments and what the visitor pays.</summary>
internal sealed record PricedOrder(TicketOrder Order, IReadOnlyList<PriceAdjustment> Adjustments, decimal Total);
