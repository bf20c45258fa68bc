using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PersonalApp.Sandbox;

/// <summary>
/// The part of layer 1 that needs no symbols: constructs forbidden whatever they resolve to (unsafe, stackalloc,
/// goto...). Runs before compiler errors are reported, so code that only compiles with unsafe enabled is refused as
/// the policy violation it is.
/// </summary>
internal static class ConstructChecker
{
    public static IReadOnlyList<PersonalizationDiagnostic> Check(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var findings = new PolicyFindings(tree);
        foreach (var node in tree.GetCompilationUnitRoot(cancellationToken).DescendantNodesAndSelf())
        {
            CheckConstruct(node, findings);
        }

        return findings.Problems;
    }

    private static void CheckConstruct(SyntaxNode node, PolicyFindings findings)
    {
        switch (node)
        {
            case UnsafeStatementSyntax:
            case PointerTypeSyntax:
            case FunctionPointerTypeSyntax:
            case FixedStatementSyntax:
                findings.Forbid(node, "unsafe code and pointers");
                break;
            case StackAllocArrayCreationExpressionSyntax:
            case ImplicitStackAllocArrayCreationExpressionSyntax:
                findings.Forbid(node, "stackalloc");
                break;
            case DestructorDeclarationSyntax:
                findings.Forbid(node, "finalizers");
                break;
            case ConstructorDeclarationSyntax ctor when ctor.Modifiers.Any(SyntaxKind.StaticKeyword):
                findings.Forbid(node, "static constructors");
                break;
            case GotoStatementSyntax:
                findings.Forbid(node, "goto (it can make loops the guards cannot see)");
                break;
            case LockStatementSyntax:
                findings.Forbid(node, "lock (plugins run on one thread and share nothing)");
                break;
            case MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                findings.Forbid(node, "__arglist, __makeref, __reftype and __refvalue");
                break;
            case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                findings.Forbid(node, "static fields that are not readonly or const (state shared between users and calls)");
                break;
            case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.StaticKeyword)
                && property.AccessorList?.Accessors.Any(a => a.Keyword.IsKind(SyntaxKind.SetKeyword) || a.Keyword.IsKind(SyntaxKind.InitKeyword)) == true:
                findings.Forbid(node, "static properties with a setter (state shared between users and calls)");
                break;
            case ExpressionSyntax when node.IsKind(SyntaxKind.ArgListExpression):
                findings.Forbid(node, "__arglist, __makeref, __reftype and __refvalue");
                break;
            case EventFieldDeclarationSyntax @event when @event.Modifiers.Any(SyntaxKind.StaticKeyword):
                findings.Forbid(node, "static events");
                break;
        }

        if (node is MemberDeclarationSyntax member)
        {
            foreach (var modifier in member.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
                {
                    findings.Forbid(node, "unsafe code and pointers");
                }
                else if (modifier.IsKind(SyntaxKind.ExternKeyword))
                {
                    findings.Forbid(node, "extern methods (native code)");
                }
                else if (modifier.IsKind(SyntaxKind.VolatileKeyword))
                {
                    findings.Forbid(node, "volatile fields (plugins run on one thread)");
                }
            }
        }

        if (node is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            findings.Forbid(node, "unsafe code and pointers");
        }
    }
}
