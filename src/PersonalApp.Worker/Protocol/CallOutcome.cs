namespace PersonalApp.Worker.Protocol;

/// <summary>How a call in the worker ended: the engine maps it onto its own outcome kinds in one place.</summary>
public enum CallOutcome
{
    /// <summary>The call returned normally.</summary>
    Completed,

    /// <summary>The plugin threw, or the worker could not make the call.</summary>
    Faulted,

    /// <summary>The call ran longer than its time limit (a guard, or a regex timeout).</summary>
    TimedOut,

    /// <summary>The call ran more guarded operations than its budget.</summary>
    OperationBudgetExceeded,

    /// <summary>The call allocated more than its budget, or its result was larger than a call may send back.</summary>
    MemoryBudgetExceeded,

    /// <summary>The call nested deeper than its stack budget.</summary>
    CallDepthExceeded,

    /// <summary>The plugin is not loaded in this worker (a replacement that has not received it yet); the engine loads it and calls again.</summary>
    NotLoaded,
}
