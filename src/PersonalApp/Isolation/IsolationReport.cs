namespace PersonalApp.Isolation;

/// <summary>What the isolated tier enforces on this machine, and how its workers are doing.</summary>
/// <param name="Mode">How workers are confined.</param>
/// <param name="InForce">The limits in force, each in a sentence.</param>
/// <param name="NotInForce">The limits that could not be put in force here, each with why.</param>
public sealed record IsolationReport(IsolationMode Mode, IReadOnlyList<string> InForce, IReadOnlyList<string> NotInForce)
{
    /// <summary>Gets the workers running now (warm and serving).</summary>
    public int WorkersAlive { get; init; }

    /// <summary>Gets how many workers were lost (crashed, hung, over a limit) and replaced since start-up.</summary>
    public int WorkersReplaced { get; init; }

    /// <summary>Gets a value indicating whether the pool is cooling down after repeated failures.</summary>
    public bool CoolingDown { get; init; }

    /// <summary>Gets how many capability calls forwarded by isolated plugins the host refused since start-up (stale or forged tokens, caps, grants, quotas).</summary>
    public long CapabilityCallsRefused { get; init; }

    /// <inheritdoc />
    public override string ToString()
        => $"Isolation: {Mode}; in force: {string.Join("; ", InForce)}{(NotInForce.Count > 0 ? "; not in force: " + string.Join("; ", NotInForce) : string.Empty)}";
}
