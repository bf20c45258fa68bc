using TicketKiosk.Contracts;

namespace PersonalApp.Tests.TestUtilities.Contracts;

/// <summary>A contract in the Try pattern, with out, ref and in parameters.</summary>
public interface IOutParameterRule
{
    /// <summary>Tries to price an order.</summary>
    /// <param name="order">The order.</param>
    /// <param name="adjustment">The adjustment, when the rule applies.</param>
    /// <returns>Whether the rule applies.</returns>
    bool TryApply(TicketOrder order, out PriceAdjustment? adjustment);

    /// <summary>Counts visitors.</summary>
    /// <param name="count">The running count.</param>
    /// <param name="rate">The rate to apply.</param>
    void Accumulate(ref int count, in decimal rate);
}
