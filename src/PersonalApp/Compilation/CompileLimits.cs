namespace PersonalApp.Compilation;

/// <summary>
/// What one compile of a model's answer may cost the host. Roslyn's cost grows much faster than the text on some
/// shapes (thousands of nested parentheses, hundreds of nested lambdas), so the shape is measured right after parsing,
/// before anything is bound, and the whole compile (binding, the policy analysis, guard injection, emit) runs under a
/// time budget. An answer past a limit is refused with a diagnostic the model can act on (PA0305 to PA0307).
/// </summary>
public sealed class CompileLimits
{
    /// <summary>Gets or sets the deepest nesting of expressions and statements accepted. 16 to 1,000; default 100.</summary>
    /// <remarks>
    /// Left-associative operator chains (<c>a + b + c</c>), <c>else if</c> chains, blocks and member accesses do not add
    /// levels: the compiler handles them without recursing, and ordinary code uses them at length.
    /// </remarks>
    public int MaxNestingDepth { get; set; } = 100;

    /// <summary>Gets or sets the deepest nesting of lambdas and anonymous methods accepted. 2 to 100; default 16.</summary>
    public int MaxLambdaDepth { get; set; } = 16;

    /// <summary>Gets or sets the most syntax nodes one answer may have. 1,000 to 1,000,000; default 50,000 (several thousand lines).</summary>
    public int MaxSyntaxNodes { get; set; } = 50_000;

    /// <summary>
    /// Gets or sets how long one compile (binding, the symbol policy, guard injection, emit and the IL scan) may take
    /// before it is abandoned. 1 second to 5 minutes; default 10 seconds. On Linux this is the compiling thread's
    /// processor time, so a busy machine does not count against a plugin; elsewhere, wall-clock time.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(10);

    internal IEnumerable<string> Problems(string owner)
    {
        if (MaxNestingDepth is < 16 or > 1_000)
        {
            yield return $"{owner}.MaxNestingDepth is {MaxNestingDepth}: use 16 to 1,000.";
        }

        if (MaxLambdaDepth is < 2 or > 100)
        {
            yield return $"{owner}.MaxLambdaDepth is {MaxLambdaDepth}: use 2 to 100.";
        }

        if (MaxSyntaxNodes is < 1_000 or > 1_000_000)
        {
            yield return $"{owner}.MaxSyntaxNodes is {MaxSyntaxNodes:N0}: use 1,000 to 1,000,000.";
        }

        if (TimeBudget < TimeSpan.FromSeconds(1) || TimeBudget > TimeSpan.FromMinutes(5))
        {
            yield return $"{owner}.TimeBudget is {TimeBudget}: use 1 second to 5 minutes.";
        }
    }
}
