namespace PersonalApp.Compilation;

/// <summary>
/// The time one compile may take: a token that the caller's cancellation also ends, passed to Roslyn's binding and
/// emit and to the sandbox analysis, and the diagnostic that says the budget, not the caller, ended it.
/// </summary>
internal sealed class CompileBudget : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _budget;

    public CompileBudget(TimeSpan budget, CancellationToken caller)
    {
        _budget = budget;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(budget);
    }

    /// <summary>Gets the token to compile under.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets a value indicating whether the budget ran out (and not the caller's patience).</summary>
    public bool Spent => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    public PersonalizationDiagnostic Diagnostic() => PersonalizationDiagnostic.Error(
        DiagnosticIds.CompileBudgetSpent,
        $"Compiling and checking the code took longer than {_budget.TotalSeconds:0.#} s, the most one compile may take (PersonalizationOptions.Compile.TimeBudget), and it was stopped. Write simpler code: fewer nested lambdas and generic calls whose types the compiler must infer, explicit types on lambda parameters, and helper methods instead of deep expressions.");

    public void Dispose() => _source.Dispose();
}
