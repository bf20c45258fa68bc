namespace PersonalApp.Tests.TestUtilities.Contracts;

/// <summary>A contract with an event.</summary>
public interface IEventRaisingRule
{
    /// <summary>Raised when the rule changes its mind.</summary>
    event EventHandler? Changed;

    /// <summary>Gets the rule's name.</summary>
    string Name { get; }
}
