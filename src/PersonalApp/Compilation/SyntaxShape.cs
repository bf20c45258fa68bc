using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PersonalApp.Compilation;

/// <summary>
/// Measures a parsed answer before anything is bound: its nesting depth (expressions and statements), its lambda
/// nesting depth and its node count. The walk is iterative (an explicit stack), so measuring a hostile tree cannot
/// itself overflow the stack, and it stops at the first limit passed.
/// </summary>
internal static class SyntaxShape
{
    /// <summary>The first limit the tree passes, as a diagnostic pointing at where, or <see langword="null"/> when it fits.</summary>
    public static PersonalizationDiagnostic? Check(SyntaxTree tree, CompileLimits limits, CancellationToken cancellationToken)
    {
        var nodes = 0;
        var stack = new Stack<(SyntaxNode Node, int Depth, int Lambdas)>();
        stack.Push((tree.GetRoot(cancellationToken), 0, 0));
        while (stack.Count > 0)
        {
            var (node, depth, lambdas) = stack.Pop();
            if (++nodes > limits.MaxSyntaxNodes)
            {
                return PersonalizationDiagnostic.Error(
                    DiagnosticIds.CodeTooLarge,
                    $"The code has more than {limits.MaxSyntaxNodes:N0} syntax nodes, the most one plugin may have (PersonalizationOptions.Compile.MaxSyntaxNodes). Write a smaller plugin: keep data in an array or a dictionary instead of repeating code, and leave out what the wish does not need.");
            }

            if (nodes % 4_096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (Nests(node))
            {
                depth++;
                if (depth > limits.MaxNestingDepth)
                {
                    return At(node, PersonalizationDiagnostic.Error(
                        DiagnosticIds.CodeTooDeep,
                        $"The code nests expressions and statements more than {limits.MaxNestingDepth} levels deep, the most one plugin may (PersonalizationOptions.Compile.MaxNestingDepth). Flatten it: compute parts into local variables, move parts into helper methods, use a loop instead of nesting, and drop redundant parentheses."));
                }
            }

            if (node is AnonymousFunctionExpressionSyntax)
            {
                lambdas++;
                if (lambdas > limits.MaxLambdaDepth)
                {
                    return At(node, PersonalizationDiagnostic.Error(
                        DiagnosticIds.CodeTooDeep,
                        $"The code nests lambdas more than {limits.MaxLambdaDepth} deep, the most one plugin may (PersonalizationOptions.Compile.MaxLambdaDepth). Use named helper methods or a loop instead of lambdas inside lambdas."));
                }
            }

            foreach (var child in node.ChildNodes())
            {
                stack.Push((child, depth, lambdas));
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a node adds a nesting level. Shapes the compiler handles without recursing, and that ordinary code
    /// repeats at length, do not: the left operand of a binary operator chain, <c>else if</c>, blocks, member access.
    /// </summary>
    private static bool Nests(SyntaxNode node) => node switch
    {
        BinaryExpressionSyntax binary => !(binary.Parent is BinaryExpressionSyntax parent && parent.Left == binary),
        IfStatementSyntax => node.Parent is not ElseClauseSyntax,
        BlockSyntax => false,
        MemberAccessExpressionSyntax or MemberBindingExpressionSyntax => false,
        ExpressionSyntax or StatementSyntax => true,
        _ => false,
    };

    private static PersonalizationDiagnostic At(SyntaxNode node, PersonalizationDiagnostic diagnostic)
    {
        var position = node.GetLocation().GetLineSpan().StartLinePosition;
        var text = node.SyntaxTree.GetText();
        return diagnostic with
        {
            Line = position.Line + 1,
            Column = position.Character + 1,
            SourceLine = position.Line < text.Lines.Count ? Shorten(text.Lines[position.Line].ToString().Trim()) : null,
        };
    }

    private static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "…";
}
