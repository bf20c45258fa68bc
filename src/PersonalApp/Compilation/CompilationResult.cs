using PersonalApp.Catalog;
namespace PersonalApp.Compilation;

/// <summary>What compiling one candidate gave: the emitted plugin, or the errors that stopped it.</summary>
internal sealed class CompilationResult
{
    private CompilationResult(CompiledPlugin? plugin, IReadOnlyList<PersonalizationDiagnostic> errors)
    {
        Plugin = plugin;
        Errors = errors;
    }

    public CompiledPlugin? Plugin { get; }

    public IReadOnlyList<PersonalizationDiagnostic> Errors { get; }

    public bool Succeeded => Plugin is not null;

    public static CompilationResult Success(CompiledPlugin plugin) => new(plugin, []);

    public static CompilationResult Failure(IReadOnlyList<PersonalizationDiagnostic> errors) => new(null, errors);
}
