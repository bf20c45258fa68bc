namespace PersonalApp.Generation;

/// <summary>
/// The tokens one request in progress holds against the budgets: the estimate of the model call under way, plus what
/// its finished calls used, until the request's tokens are in the catalog. Disposing it releases them.
/// </summary>
internal sealed class TokenReservation(TokenBudget budget, string userId) : IDisposable
{
    public string UserId { get; } = userId;

    /// <summary>Gets or sets the tokens held: used by finished calls plus the estimate of the call under way. Guarded by the budget's lock.</summary>
    public long Held { get; set; }

    public void Dispose() => budget.Release(this);
}
