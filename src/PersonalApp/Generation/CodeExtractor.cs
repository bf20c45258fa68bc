using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Generation;

/// <summary>
/// Takes the C# out of a model's answer: from fenced code blocks, or the whole answer when it is plain code; and
/// refuses, each with its own diagnostic, answers that are too large, hold no code, hold several candidate classes
/// for the contract, or implement another interface.
/// </summary>
internal sealed partial class CodeExtractor
{
    private static readonly HashSet<string> CSharpFences = new(StringComparer.OrdinalIgnoreCase) { string.Empty, "csharp", "cs", "c#", "c-sharp" };

    public ExtractionResult Extract(string answer, ExtensionPoint extensionPoint, int maxAnswerBytes)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var bytes = Encoding.UTF8.GetByteCount(answer);
        if (bytes > maxAnswerBytes)
        {
            return ExtractionResult.Failure(
                DiagnosticIds.AnswerTooLarge,
                $"The model's answer is {bytes:N0} bytes, over the limit of {maxAnswerBytes:N0} (PersonalizationOptions.MaxAnswerBytes). Ask for something smaller, or raise the limit.");
        }

        var tree = FromFences(answer) ?? FromPlainCode(answer);
        if (tree is null)
        {
            return ExtractionResult.Failure(
                DiagnosticIds.NoCode,
                $"The model's answer holds no C# code (it said: \"{Snippet(answer)}\"). Expected one ```csharp block with a class implementing {extensionPoint.ContractType.Name}.");
        }

        var root = tree.GetCompilationUnitRoot();
        var types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().ToList();
        if (types.Count == 0)
        {
            return ExtractionResult.Failure(
                DiagnosticIds.NoCode,
                "The model's answer holds code but no class. Expected one public class implementing " + extensionPoint.ContractType.Name + ".");
        }

        var candidates = types.Where(t => Implements(t, extensionPoint.ContractType.Name)).ToList();
        if (candidates.Count > 1)
        {
            return ExtractionResult.Failure(
                DiagnosticIds.SeveralCandidates,
                $"The model's answer has {candidates.Count} classes implementing {extensionPoint.ContractType.Name} ({string.Join(", ", candidates.Select(c => c.Identifier.Text))}); exactly one is allowed. Merge them into one class.");
        }

        if (candidates.Count == 0)
        {
            var implemented = types.SelectMany(t => t.BaseList?.Types ?? default).Select(b => b.Type.ToString()).Distinct().ToList();
            var what = implemented.Count == 0 ? "implements no interface" : "implements " + string.Join(", ", implemented);
            return ExtractionResult.Failure(
                DiagnosticIds.WrongInterface,
                $"The model's code {what}, but the extension point '{extensionPoint.Name}' needs a class implementing {extensionPoint.ContractType.FullName}.");
        }

        return ExtractionResult.Success(tree);
    }

    /// <summary>The start of an answer, on one line, so a refusal or an explanation reaches the person who asked.</summary>
    internal static string Snippet(string answer)
    {
        var flat = string.Join(' ', answer.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 300 ? flat : flat[..300] + "...";
    }

    /// <summary>The code of the fenced blocks, parsed once (the parse that tells whether a block declares a type is the one handed on).</summary>
    private static SyntaxTree? FromFences(string answer)
    {
        var blocks = FencePattern().Matches(answer)
            .Where(m => CSharpFences.Contains(m.Groups["lang"].Value.Trim()))
            .Select(m => m.Groups["code"].Value)
            .Where(code => !string.IsNullOrWhiteSpace(code))
            .Select(code => PluginCompiler.Parse(code, CancellationToken.None))
            .ToList();
        if (blocks.Count == 0)
        {
            return null;
        }

        // Models sometimes split one file into blocks (usings, then the class); keep the blocks that declare something.
        var declaring = blocks.Where(DeclaresType).ToList();
        return declaring.Count switch
        {
            0 => blocks[0],
            1 => declaring[0],
            _ => PluginCompiler.Parse(string.Join("\n\n", blocks.Select(b => b.GetText().ToString())), CancellationToken.None),
        };
    }

    private static SyntaxTree? FromPlainCode(string answer)
    {
        var trimmed = answer.Trim();
        if (trimmed.Length == 0 || trimmed.Contains("```", StringComparison.Ordinal))
        {
            return null;
        }

        // Prose parses too (as garbage), so the answer counts as code only when it starts like a C# file and declares a type.
        if (!PlainCodeStart().IsMatch(trimmed))
        {
            return null;
        }

        var tree = PluginCompiler.Parse(trimmed, CancellationToken.None);
        return DeclaresType(tree) ? tree : null;
    }

    private static bool DeclaresType(SyntaxTree tree)
        => tree.GetCompilationUnitRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Any();

    private static bool Implements(TypeDeclarationSyntax type, string contractName)
        => type is ClassDeclarationSyntax or RecordDeclarationSyntax or StructDeclarationSyntax
            && type.BaseList is { } bases
            && bases.Types.Any(b => SimpleName(b.Type) == contractName);

    private static string SimpleName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => SimpleName(qualified.Right),
        AliasQualifiedNameSyntax alias => SimpleName(alias.Name),
        GenericNameSyntax generic => generic.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        _ => type.ToString(),
    };

    [GeneratedRegex(@"```[ \t]*(?<lang>[^\s`]*)[^\n]*\n(?<code>.*?)(?:\n[ \t]*```|$(?![\s\S]))", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"^(using\s|namespace\s|public\s|internal\s|sealed\s|file\s|class\s|record\s|struct\s|//|/\*|\[|#)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex PlainCodeStart();
}
