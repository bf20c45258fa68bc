namespace PersonalApp.Compilation;

/// <summary>
/// The time one compile may take: a token that the caller's cancellation also ends, passed to Roslyn's binding and
/// emit and to the sandbox analysis, and the diagnostic that says the budget, not the caller, ended it. Where the
/// compiling thread's processor time can be read (Linux), that is what is counted, checked every 100 ms, so a busy
/// machine does not make an ordinary plugin look expensive; elsewhere it is wall-clock time. Create it on the thread
/// that compiles.
/// </summary>
internal sealed class CompileBudget : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _budget;
    private readonly Timer? _timer;

    public CompileBudget(TimeSpan budget, CancellationToken caller)
    {
        _budget = budget;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (budget <= TimeSpan.Zero)
        {
            _source.Cancel();
        }
        else if (ThreadCpuClock.ForCurrentThread() is { } clock)
        {
            var start = clock.Used;
            _timer = new Timer(_ => Check(clock, start), null, Poll, Poll);
        }
        else
        {
            _source.CancelAfter(budget);
        }
    }

    /// <summary>Gets the token to compile under.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets a value indicating whether the budget ran out (and not the caller's patience).</summary>
    public bool Spent => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    public PersonalizationDiagnostic Diagnostic() => PersonalizationDiagnostic.Error(
        DiagnosticIds.CompileBudgetSpent,
        $"Compiling and checking the code took more than {_budget.TotalSeconds:0.#} s, the most one compile may take (PersonalizationOptions.Compile.TimeBudget), and it was stopped. Write simpler code: fewer nested lambdas and generic calls whose types the compiler must infer, explicit types on lambda parameters, and helper methods instead of deep expressions.");

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private void Check(ThreadCpuClock clock, TimeSpan start)
    {
        try
        {
            if (clock.Used - start > _budget)
            {
                _source.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // The compile ended while this check was on its way.
        }
    }
}
