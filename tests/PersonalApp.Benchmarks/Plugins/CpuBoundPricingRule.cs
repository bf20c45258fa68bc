namespace KioskPlugins;

/// <summary>
/// CPU-bound, for the guards' cost: loops (a price simulation over a year of days), recursion (splitting a group into
/// ticket bundles, counted recursively) and allocation (lists, dictionaries and strings per day). Every method entry and
/// loop back-edge gets a guard, so this is close to the worst case for guard overhead per unit of work.
/// </summary>
public sealed class CpuBoundPricingRule : ITicketPricingRule
{
    private static readonly int[] BundleSizes = [1, 2, 4, 5, 10];

    public string Name => "Simulated best bundle price";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var ways = CountBundlings(40 + (order.GroupSize % 20), BundleSizes.Length - 1);
        var best = decimal.MaxValue;
        var labels = new Dictionary<int, string>();
        for (var day = 0; day < 365; day++)
        {
            var date = order.VisitDate.AddDays(day);
            var prices = new List<decimal>(8);
            for (var hour = 9; hour < 17; hour++)
            {
                prices.Add(HourPrice(order, date, hour));
            }

            var price = prices.Min();
            if (price < best)
            {
                best = price;
            }

            if (day % 30 == 0)
            {
                labels[day] = $"{date.Month}/{date.Day}: {price:0.00}";
            }
        }

        var saving = decimal.Round(order.ListTotal - best, 2);
        return saving <= 0m ? null : new PriceAdjustment(saving, $"Best of {ways} bundlings; {labels.Count} samples");
    }

    private static decimal HourPrice(TicketOrder order, DateOnly date, int hour)
    {
        var factor = 1m;
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            factor += 0.1m;
        }

        if (hour < 11 || hour >= 15)
        {
            factor -= 0.05m;
        }

        return order.ListTotal * factor;
    }

    /// <summary>Ways to make <paramref name="amount"/> from bundle sizes up to index <paramref name="index"/> (plain recursion on purpose).</summary>
    private static long CountBundlings(int amount, int index)
    {
        if (amount == 0)
        {
            return 1;
        }

        if (amount < 0 || index < 0)
        {
            return 0;
        }

        return CountBundlings(amount - BundleSizes[index], index) + CountBundlings(amount, index - 1);
    }
}
