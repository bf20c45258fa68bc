using EventTickets.Contracts;
using PersonalApp;
using PersonalApp.Runtime;
using PersonalApp.Views;

namespace EventTickets;

/// <summary>Prices a quote with the user's active rules: what a rule's approval changes is visible on the price page.</summary>
internal sealed class PriceCalculator(IPersonalFeatures features)
{
    public PriceBreakdown Price(string userId, TicketQuote quote)
    {
        var lines = new List<PriceLine>();
        foreach (var feature in features.GetAll<ITicketPriceRule>(userId))
        {
            var outcome = feature.Invoke(quote, static (rule, quote) => (Name: rule.Name, Change: rule.Apply(quote)));
            var plugin = $"{feature.Key.PluginId} v{feature.Key.Version}";
            if (!outcome.IsCompleted)
            {
                lines.Add(new PriceLine(plugin, plugin, 0m, $"did not run: {outcome.Kind}: {outcome.Message}", Failed: true));
                continue;
            }

            var (name, change) = outcome.Value;
            if (change is null)
            {
                lines.Add(new PriceLine(name, plugin, 0m, "does not apply", Failed: false));
                continue;
            }

            // A rule never takes the price below zero, whatever it returns.
            var amount = Math.Clamp(change.Amount, -quote.ListTotal, quote.ListTotal);
            lines.Add(new PriceLine(name, plugin, amount, change.Reason, Failed: false));
        }

        var total = Math.Max(0m, quote.ListTotal - lines.Sum(l => l.Amount));
        return new PriceBreakdown(quote, lines, total);
    }

    public IReadOnlyList<PluginView> Reports(string userId, IReadOnlyList<TicketSale> sales)
        => [.. features.GetAll<IEventReport>(userId).Select(feature =>
        {
            var outcome = feature.Invoke(sales, static (report, sales) => report.Render(sales));
            return outcome is { IsCompleted: true, Value: { } view }
                ? view
                : new PluginView($"{feature.Key.PluginId} v{feature.Key.Version}", [new BadgeBlock($"did not run: {outcome.Kind}", BadgeTone.Bad), new TextBlock(outcome.Message ?? string.Empty)]);
        })];
}
