using PersonalApp.Catalog;
namespace PersonalApp.Compilation;

/// <summary>What compiling one candidate gave: the emitted plugin, or the errors that stopped it.</summary>
internal sealed class CompilationResult
{
    private CompilationResult(CompiledPlugin? plugin, IReadOnlyList<PersonalizationDiagnostic> errors, int errorCount)
    {
        Plugin = plugin;
        Errors = errors;
        ErrorCount = errorCount;
    }

    public CompiledPlugin? Plugin { get; }

    /// <summary>Gets the errors, at most a few dozen (<see cref="DiagnosticCap"/>).</summary>
    public IReadOnlyList<PersonalizationDiagnostic> Errors { get; }

    /// <summary>Gets how many errors there were, including those not listed in <see cref="Errors"/>.</summary>
    public int ErrorCount { get; }

    public bool Succeeded => Plugin is not null;

    public static CompilationResult Success(CompiledPlugin plugin) => new(plugin, [], 0);

    public static CompilationResult Failure(IReadOnlyList<PersonalizationDiagnostic> errors, int? errorCount = null)
        => new(null, errorCount is null ? DiagnosticCap.Cap(errors) : errors, errorCount ?? errors.Count);
}
