namespace PersonalApp.Sandbox;

/// <summary>The sandbox layer that judged something.</summary>
public enum PolicyLayer
{
    /// <summary>Layer 1: the symbol policy, on Roslyn's semantic model of the source.</summary>
    Symbols = 1,

    /// <summary>Layer 2: the IL scan of the emitted assembly.</summary>
    IL = 2,

    /// <summary>Layer 3: the runtime guards injected into the code.</summary>
    RuntimeGuards = 3,
}
