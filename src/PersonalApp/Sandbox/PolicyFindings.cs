using Microsoft.CodeAnalysis;

namespace PersonalApp.Sandbox;

/// <summary>The problems layer 1 found in one source, each reported once per line, with the line quoted for the model.</summary>
internal sealed class PolicyFindings
{
    private readonly SyntaxTree _tree;
    private readonly List<PersonalizationDiagnostic> _problems = [];
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public PolicyFindings(SyntaxTree tree) => _tree = tree;

    public IReadOnlyList<PersonalizationDiagnostic> Problems => _problems;

    /// <summary>A symbol the policy does not allow.</summary>
    public void Deny(SyntaxNode syntax, string what, string id)
    {
        var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line;
        if (!_reported.Add($"{id}@{line}"))
        {
            return;
        }

        Report(syntax, DiagnosticIds.PolicyDenied, $"{what} is not allowed in plugins ({id}). Use only the allowed APIs listed in the rules: pure computation, no I/O, reflection or threads.");
    }

    /// <summary>A construct forbidden whatever it resolves to.</summary>
    public void Forbid(SyntaxNode syntax, string what)
    {
        var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line;
        if (!_reported.Add($"{what}@{line}"))
        {
            return;
        }

        Report(syntax, DiagnosticIds.PolicyForbiddenConstruct, $"Plugins may not use {what}.");
    }

    public void Report(SyntaxNode syntax, string id, string message)
    {
        var position = syntax.GetLocation().GetLineSpan().StartLinePosition;
        var text = _tree.GetText();
        _problems.Add(new PersonalizationDiagnostic(id, PersonalizationSeverity.Error, message)
        {
            Line = position.Line + 1,
            Column = position.Character + 1,
            SourceLine = position.Line < text.Lines.Count ? text.Lines[position.Line].ToString().Trim() : null,
        });
    }
}
