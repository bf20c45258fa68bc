using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace PersonalApp.Sandbox;

/// <summary>
/// Layer 1: walks the semantic model of the generated source and checks every symbol it resolves to (types, members,
/// operators, conversions, attributes, generic arguments, and the methods behind foreach, await and deconstruction)
/// against the policy; and refuses constructs that are forbidden whatever the symbols. Matching is on resolved
/// symbols, never on text, so aliases, <c>global::</c>, unicode escapes and pragmas change nothing.
/// </summary>
internal sealed partial class SymbolPolicyAnalyzer
{
    private readonly SandboxPolicy _policy;
    private readonly CSharpCompilation _compilation;
    private readonly SemanticModel _model;
    private readonly SyntaxTree _tree;
    private readonly PolicyFindings _findings;
    private readonly Dictionary<ApiReference, int> _used = [];
    private readonly Dictionary<ISymbol, Verdict> _typeVerdicts = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, Verdict> _methodVerdicts = new(SymbolEqualityComparer.Default);

    private SymbolPolicyAnalyzer(SandboxPolicy policy, SemanticModel model, SyntaxTree tree)
    {
        _policy = policy;
        _compilation = (CSharpCompilation)model.Compilation;
        _tree = tree;
        _model = model;
        _findings = new PolicyFindings(tree);
    }

    public static IReadOnlyList<PersonalizationDiagnostic> Analyze(SandboxPolicy policy, CSharpCompilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
        => Inspect(policy, compilation, tree, cancellationToken).Problems;

    /// <summary>Checks the code like <see cref="Analyze"/>, and also returns every API it was allowed to use, with where it is first used.</summary>
    public static SymbolAnalysis Inspect(SandboxPolicy policy, CSharpCompilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
        => Inspect(policy, compilation.GetSemanticModel(tree), tree, cancellationToken);

    /// <summary>
    /// Checks the code on a semantic model the caller keeps: the model caches what it binds, so the guard injector
    /// (<see cref="GuardInjector.Rewrite"/>) given the same model does not bind the source again.
    /// </summary>
    public static SymbolAnalysis Inspect(SandboxPolicy policy, SemanticModel model, SyntaxTree tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var analyzer = new SymbolPolicyAnalyzer(policy, model, tree);
        analyzer.Run(cancellationToken);
        var lines = tree.GetText(cancellationToken).Lines;
        return new SymbolAnalysis(analyzer._findings.Problems, analyzer._used.ToDictionary(u => u.Key, u => lines.GetLinePosition(u.Value).Line + 1));
    }

    /// <summary>The part of layer 1 that needs no symbols; see <see cref="ConstructChecker"/>.</summary>
    public static IReadOnlyList<PersonalizationDiagnostic> CheckConstructs(SyntaxTree tree, CancellationToken cancellationToken)
        => ConstructChecker.Check(tree, cancellationToken);

    private void Run(CancellationToken cancellationToken)
    {
        var root = _tree.GetCompilationUnitRoot(cancellationToken);

        foreach (var declared in root.DescendantNodes().Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax))
        {
            if (_model.GetDeclaredSymbol(declared, cancellationToken) is INamedTypeSymbol type)
            {
                CheckDeclaredType(type, declared);
            }
        }

        // Nodes come in document order, so a node inside any covered span is inside the last one: one comparison a node.
        var covered = default(TextSpan?);
        foreach (var node in root.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (covered is { } span && span.Contains(node.Span))
            {
                continue;
            }

            var operation = _model.GetOperation(node, cancellationToken);
            if (operation is null)
            {
                continue;
            }

            covered = node.Span;
            foreach (var op in operation.DescendantsAndSelf())
            {
                CheckOperation(op);
            }
        }
    }

    private void CheckOperation(IOperation operation)
    {
        var syntax = operation.Syntax;
        if (operation.Type is { } resultType && operation.Kind is not OperationKind.Literal)
        {
            CheckType(resultType, syntax, "uses");
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                CheckMethod(invocation.TargetMethod, syntax);
                break;
            case IObjectCreationOperation creation when creation.Constructor is { } ctor:
                CheckMethod(ctor, syntax);
                break;
            case IPropertyReferenceOperation property:
                CheckProperty(property);
                break;
            case IFieldReferenceOperation field:
                CheckField(field.Field, syntax);
                break;
            case IEventReferenceOperation @event:
                if (@event.Event.AddMethod is { } add)
                {
                    CheckMethod(add, syntax);
                }

                break;
            case IMethodReferenceOperation reference:
                CheckMethod(reference.Method, syntax);
                break;
            case IUnaryOperation { OperatorMethod: { } unary }:
                CheckMethod(unary, syntax);
                break;
            case IBinaryOperation { OperatorMethod: { } binary }:
                CheckMethod(binary, syntax);
                break;
            case ICompoundAssignmentOperation { OperatorMethod: { } compound }:
                CheckMethod(compound, syntax);
                break;
            case IIncrementOrDecrementOperation { OperatorMethod: { } increment }:
                CheckMethod(increment, syntax);
                break;
            case IConversionOperation { OperatorMethod: { } conversion }:
                CheckMethod(conversion, syntax);
                break;
            case IRangeOperation { Method: { } range }:
                CheckMethod(range, syntax);
                break;
            case ICollectionExpressionOperation { ConstructMethod: { } construct }:
                CheckMethod(construct, syntax);
                break;
            case IVariableDeclaratorOperation declarator:
                CheckType(declarator.Symbol.Type, syntax, "declares a variable of");
                break;
            case ICatchClauseOperation catchClause:
                CheckType(catchClause.ExceptionType, syntax, "catches");
                break;
            case ITypeOfOperation typeOf:
                _findings.Forbid(syntax, $"typeof ({typeOf.TypeOperand.Name}): reflection is not allowed");
                break;
            case IAddressOfOperation or IFunctionPointerInvocationOperation:
                _findings.Forbid(syntax, "unsafe code and pointers");
                break;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                _findings.Forbid(syntax, "dynamic");
                break;
            case IAnonymousFunctionOperation lambda when lambda.Symbol.IsAsync && lambda.Symbol.ReturnsVoid:
                _findings.Forbid(syntax, "async void lambdas (their exceptions crash the process)");
                break;
            case ILocalFunctionOperation local when local.Symbol.IsAsync && local.Symbol.ReturnsVoid:
                _findings.Forbid(syntax, "async void (its exceptions crash the process)");
                break;
            case IForEachLoopOperation when syntax is CommonForEachStatementSyntax forEach:
                var info = _model.GetForEachStatementInfo(forEach);
                CheckOptional(info.GetEnumeratorMethod, syntax);
                CheckOptional(info.MoveNextMethod, syntax);
                CheckOptional(info.CurrentProperty?.GetMethod, syntax);
                CheckOptional(info.DisposeMethod, syntax);
                break;
            case IAwaitOperation when syntax is AwaitExpressionSyntax awaitSyntax:
                var awaitInfo = _model.GetAwaitExpressionInfo(awaitSyntax);
                CheckOptional(awaitInfo.GetAwaiterMethod, syntax);
                CheckOptional(awaitInfo.IsCompletedProperty?.GetMethod, syntax);
                CheckOptional(awaitInfo.GetResultMethod, syntax);
                break;
            case IDeconstructionAssignmentOperation when syntax is AssignmentExpressionSyntax deconstruction:
                CheckDeconstruction(_model.GetDeconstructionInfo(deconstruction), syntax);
                break;
            case IRecursivePatternOperation { DeconstructSymbol: IMethodSymbol deconstruct }:
                CheckMethod(deconstruct, syntax);
                break;
            case IDeclarationPatternOperation declaration when declaration.MatchedType is { } matched:
                CheckType(matched, syntax, "matches");
                break;
            case ITypePatternOperation typePattern:
                CheckType(typePattern.MatchedType, syntax, "matches");
                break;
            case IIsTypeOperation isType:
                CheckType(isType.TypeOperand, syntax, "tests for");
                break;
        }
    }

    private void CheckDeconstruction(DeconstructionInfo info, SyntaxNode syntax)
    {
        CheckOptional(info.Method, syntax);
        foreach (var nested in info.Nested)
        {
            CheckDeconstruction(nested, syntax);
        }
    }

    private void CheckOptional(IMethodSymbol? method, SyntaxNode syntax)
    {
        if (method is not null)
        {
            CheckMethod(method, syntax);
        }
    }

    /// <summary>An allowed API: a type, or a member with its display.</summary>
    private static ApiReference Reference(INamedTypeSymbol type, string docId, string? member)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        return new ApiReference(ns, docId, member ?? type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), member is null, type.SpecialType != SpecialType.None);
    }

    /// <summary>Records an allowed API and where it is first used (a position; turned into a line once, at the end).</summary>
    private void Use(ApiReference reference, SyntaxNode syntax)
    {
        var position = syntax.SpanStart;
        if (!_used.TryGetValue(reference, out var first) || position < first)
        {
            _used[reference] = position;
        }
    }

    private bool IsOwn(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    private enum Access
    {
        Read,
        Write,
        ReadWrite,
    }
}
