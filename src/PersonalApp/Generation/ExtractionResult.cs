using Microsoft.CodeAnalysis;

namespace PersonalApp.Generation;

/// <summary>The C# taken out of a model's answer (with its syntax tree, so the compiler does not parse it again), or why there is none to take.</summary>
internal sealed record ExtractionResult(string? Source, IReadOnlyList<PersonalizationDiagnostic> Diagnostics)
{
    public bool Succeeded => Source is not null;

    /// <summary>Gets the source parsed as the compiler parses it (<see cref="Compilation.PluginCompiler.Parse"/>).</summary>
    public SyntaxTree? Tree { get; private init; }

    public static ExtractionResult Success(SyntaxTree tree) => new(tree.GetText().ToString(), []) { Tree = tree };

    public static ExtractionResult Failure(string id, string message) => new(null, [PersonalizationDiagnostic.Error(id, message)]);
}
