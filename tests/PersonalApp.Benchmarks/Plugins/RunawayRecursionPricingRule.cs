namespace KioskPlugins;

/// <summary>Never finishes: a private method that calls itself without end, for how soon the guards stop a call (stack budget).</summary>
public sealed class RunawayRecursionPricingRule : ITicketPricingRule
{
    public string Name => "Runaway recursion";

    public PriceAdjustment? Apply(TicketOrder order) => new PriceAdjustment(Deeper(order.Adults), "never");

    private static int Deeper(int n) => Deeper(n + 1) + 1;
}
