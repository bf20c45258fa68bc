namespace KioskPlugins;

/// <summary>Never finishes: a loop whose condition never fails, for how soon the guards stop a call (time or operation budget).</summary>
public sealed class RunawayLoopPricingRule : ITicketPricingRule
{
    public string Name => "Runaway loop";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var n = order.Adults;
        while (n >= 0)
        {
            n = (n * 7) % 1000;
        }

        return new PriceAdjustment(n, "never");
    }
}
