using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>What one call over the call channel came to: the result read back, how the call ended, or how its worker was lost.</summary>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Value">The result, read as the method's return type, when the call completed.</param>
/// <param name="Message">What happened, when it did not.</param>
/// <param name="Loss">How the worker was lost around the call, or <see cref="WorkerLoss.None"/> (set by the worker process only).</param>
internal readonly record struct RemoteReply(CallOutcome Outcome, object? Value, string? Message, WorkerLoss Loss = WorkerLoss.None)
{
    /// <summary>Gets a value indicating whether the call did not run because its worker was lost to something else: see <see cref="CallResult.WorkerLost"/>.</summary>
    public bool WorkerLost { get; init; }

    public static RemoteReply From(CallResult result) => new(result.Outcome, null, result.Message) { WorkerLost = result.WorkerLost };

    public static RemoteReply Lost(WorkerLoss loss, string? why = null) => new(CallOutcome.Faulted, null, why, loss);
}
