namespace PersonalApp.Sandbox;

/// <summary>Which finite limit a plugin call ran into.</summary>
public enum PluginLimit
{
    /// <summary>The call ran longer than its wall-clock limit.</summary>
    Time,

    /// <summary>The call executed more guarded operations (method entries and loop iterations) than its budget.</summary>
    Operations,

    /// <summary>The call allocated more memory than its budget, or asked for an array or collection larger than it.</summary>
    Memory,

    /// <summary>The call nested deeper than its stack budget (unbounded recursion).</summary>
    CallDepth,
}
