namespace KioskPlugins;

public interface ITicketPricingRule
{
    string Name { get; }

    PriceAdjustment? Apply(TicketOrder order);
}

public sealed class LookalikeRule : ITicketPricingRule
{
    public string Name => "Lookalike";

    public PriceAdjustment? Apply(TicketOrder order) => new PriceAdjustment(1m, Name);
}
