namespace PersonalApp.ExtensionPoints;

/// <summary>How a host describes one extension point, with acceptance checks typed by its contract.</summary>
/// <typeparam name="TContract">The extension point's contract.</typeparam>
public sealed class ExtensionPointOptions<TContract> : ExtensionPointOptions
    where TContract : class
{
    /// <summary>
    /// Adds an acceptance check that every candidate plugin must pass before it can be approved: a predicate over the
    /// plugin, run by the host against the candidate loaded in an isolated worker (the candidate's code never runs in
    /// the host). A candidate that fails it goes back to the model with the failure, within the repair budget.
    /// </summary>
    /// <param name="name">What the check says, for example "a group of 12 on a Tuesday pays less than the list price".</param>
    /// <param name="check">Returns <see langword="true"/> when the plugin behaves as the host requires.</param>
    /// <returns>The same options, for chaining.</returns>
    public ExtensionPointOptions<TContract> AddAcceptanceCheck(string name, Func<TContract, bool> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        AddCheck(new AcceptanceCheck(name, plugin => check((TContract)plugin)));
        return this;
    }
}
