using PersonalApp;
using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>Prices an order: list total, then every active pricing rule of the member of staff.</summary>
internal static class PriceCalculator
{
    public static PricedOrder Price(TicketOrder order, IReadOnlyList<PersonalFeature<ITicketPricingRule>> rules)
    {
        var adjustments = new List<PriceAdjustment>();
        var skipped = new List<string>();
        foreach (var rule in rules)
        {
            // Through the sandbox's invoker: a rule that faults or runs into a limit is skipped, and the sale goes on. The
            // order is passed as state to a static lambda, so the call captures (and allocates) nothing.
            var outcome = rule.Invoke(order, static (r, order) => r.Apply(order));
            if (!outcome.IsCompleted)
            {
                skipped.Add($"{rule.Key}: {outcome.Kind}");
            }
            else if (outcome.Value is { } adjustment)
            {
                adjustments.Add(adjustment);
            }
        }

        var total = Math.Max(0m, order.ListTotal - adjustments.Sum(a => a.Amount));
        return new PricedOrder(order, adjustments, total, skipped);
    }
}

/// <summary>An order with its adjustments and what the visitor pays.</summary>
internal sealed record PricedOrder(TicketOrder Order, IReadOnlyList<PriceAdjustment> Adjustments, decimal Total, IReadOnlyList<string> Skipped);
