namespace KioskPlugins;

/// <summary>CPU-bound, recursion only: counts the ways to split the group into ticket bundles, one guard per call.</summary>
public sealed class CpuRecursionPricingRule : ITicketPricingRule
{
    private static readonly int[] BundleSizes = [1, 2, 4, 5, 10];

    public string Name => "Bundle count (recursion)";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var ways = CountBundlings(40 + (order.GroupSize % 20), BundleSizes.Length - 1);
        return ways == 0 ? null : new PriceAdjustment(Math.Min(order.ListTotal / 2, ways % 100), $"{ways} bundlings");
    }

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
