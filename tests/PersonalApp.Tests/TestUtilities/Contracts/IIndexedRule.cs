namespace PersonalApp.Tests.TestUtilities.Contracts;

/// <summary>A contract with an indexer.</summary>
public interface IIndexedRule
{
    /// <summary>Gets the price of a ticket class.</summary>
    /// <param name="ticketClass">The ticket class.</param>
    decimal this[string ticketClass] { get; }
}
