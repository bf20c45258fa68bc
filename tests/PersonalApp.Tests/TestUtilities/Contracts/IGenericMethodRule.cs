namespace PersonalApp.Tests.TestUtilities.Contracts;

/// <summary>A contract with a constrained generic method.</summary>
public interface IGenericMethodRule
{
    /// <summary>Picks the item the rule prefers.</summary>
    /// <typeparam name="T">The kind of item.</typeparam>
    /// <param name="items">The candidates.</param>
    /// <returns>The preferred item, or null.</returns>
    T? Pick<T>(IReadOnlyList<T> items)
        where T : class;
}
