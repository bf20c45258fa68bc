using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace PersonalApp.Compilation;

/// <summary>
/// The source's compile errors as diagnostics the model can repair (id, line, column, the offending line), read from a
/// compilation only when something failed (<see cref="PluginCompiler"/> binds the source once on the way to success).
/// </summary>
internal static class CompileErrors
{
    /// <summary>A problem found before the source's errors were read: the errors come first when there are any.</summary>
    public static CompilationResult First(CSharpCompilation compilation, SyntaxTree tree, SourceText text, IReadOnlyList<PersonalizationDiagnostic> problems, CancellationToken cancellationToken)
    {
        var errors = Of(compilation, tree, text, cancellationToken);
        return errors.ErrorCount > 0 ? errors : CompilationResult.Failure(problems);
    }

    public static CompilationResult Of(CSharpCompilation compilation, SyntaxTree tree, SourceText text, CancellationToken cancellationToken)
    {
        var (errors, count) = Errors(compilation.GetDiagnostics(cancellationToken), tree, text);
        return CompilationResult.Failure(errors, count);
    }

    public static bool Any(CSharpCompilation compilation, CancellationToken cancellationToken)
        => compilation.GetDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

    public static PersonalizationDiagnostic WithSourceLine(PersonalizationDiagnostic diagnostic, SourceText text)
        => diagnostic is { Line: int line, SourceLine: null } && line >= 1 && line <= text.Lines.Count
            ? diagnostic with { SourceLine = DiagnosticCap.Quote(text.Lines[line - 1].ToString().Trim()) }
            : diagnostic;

    /// <summary>The first errors, capped (<see cref="DiagnosticCap"/>), and how many there were in all.</summary>
    private static (IReadOnlyList<PersonalizationDiagnostic> Errors, int Count) Errors(IEnumerable<Diagnostic> diagnostics, SyntaxTree tree, SourceText text)
    {
        var errors = new List<PersonalizationDiagnostic>();
        var count = 0;
        foreach (var diagnostic in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (++count > DiagnosticCap.MaxDiagnostics)
            {
                // Counted, not described: describing quotes the source line, and one answer can hold thousands of errors.
                continue;
            }

            int? line = null;
            int? column = null;
            string? sourceLine = null;
            if (diagnostic.Location.IsInSource && diagnostic.Location.SourceTree == tree)
            {
                var position = diagnostic.Location.GetLineSpan().StartLinePosition;
                line = position.Line + 1;
                column = position.Character + 1;
                sourceLine = DiagnosticCap.Quote(text.Lines[position.Line].ToString().Trim());
            }

            errors.Add(new PersonalizationDiagnostic(DiagnosticIds.CompileError, PersonalizationSeverity.Error, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            {
                CompilerId = diagnostic.Id,
                Line = line,
                Column = column,
                SourceLine = sourceLine,
            });
        }

        return (DiagnosticCap.Cap(errors, count), count);
    }
}
