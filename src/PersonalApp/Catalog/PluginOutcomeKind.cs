namespace PersonalApp.Catalog;

/// <summary>How a call into a plugin ended.</summary>
public enum PluginOutcomeKind
{
    /// <summary>The plugin returned normally; the value is its result.</summary>
    Completed,

    /// <summary>The plugin was refused by the sandbox policy (see <c>PluginOutcome.Layer</c>) and did not run.</summary>
    PolicyViolation,

    /// <summary>The call ran longer than its time limit.</summary>
    TimedOut,

    /// <summary>The call ran more operations than its budget.</summary>
    OperationBudgetExceeded,

    /// <summary>The call allocated more memory than its budget.</summary>
    MemoryBudgetExceeded,

    /// <summary>The call nested deeper than its stack budget (unbounded recursion).</summary>
    CallDepthExceeded,

    /// <summary>The plugin threw an exception; see <c>PluginOutcome.Exception</c>.</summary>
    Faulted,

    /// <summary>The plugin was disabled after repeated failures and did not run.</summary>
    Disabled,
}
