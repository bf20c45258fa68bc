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
internal sealed class SymbolPolicyAnalyzer
{
    private readonly SandboxPolicy _policy;
    private readonly CSharpCompilation _compilation;
    private readonly SemanticModel _model;
    private readonly SyntaxTree _tree;
    private readonly PolicyFindings _findings;
    private readonly Dictionary<ApiReference, int> _used = [];

    private SymbolPolicyAnalyzer(SandboxPolicy policy, CSharpCompilation compilation, SyntaxTree tree)
    {
        _policy = policy;
        _compilation = compilation;
        _tree = tree;
        _model = compilation.GetSemanticModel(tree);
        _findings = new PolicyFindings(tree);
    }

    public static IReadOnlyList<PersonalizationDiagnostic> Analyze(SandboxPolicy policy, CSharpCompilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
        => Inspect(policy, compilation, tree, cancellationToken).Problems;

    /// <summary>Checks the code like <see cref="Analyze"/>, and also returns every API it was allowed to use, with where it is first used.</summary>
    public static SymbolAnalysis Inspect(SandboxPolicy policy, CSharpCompilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var analyzer = new SymbolPolicyAnalyzer(policy, compilation, tree);
        analyzer.Run(cancellationToken);
        return new SymbolAnalysis(analyzer._findings.Problems, analyzer._used);
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

    private void CheckDeclaredType(INamedTypeSymbol type, SyntaxNode where)
    {
        if (type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_MulticastDelegate) } baseType
            && !SymbolEqualityComparer.Default.Equals(baseType.ContainingAssembly, _compilation.Assembly))
        {
            CheckType(baseType, where, "derives from");
        }

        foreach (var @interface in type.Interfaces)
        {
            CheckType(@interface, where, "implements");
        }

        foreach (var member in type.GetMembers())
        {
            var location = member.Locations.FirstOrDefault(l => l.SourceTree == _tree)?.SourceSpan is { } span ? _tree.GetRoot().FindNode(span) : where;
            switch (member)
            {
                case IMethodSymbol method:
                    if (method.IsAsync && method.ReturnsVoid)
                    {
                        _findings.Forbid(location, "async void (its exceptions crash the process)");
                    }

                    if (!method.IsImplicitlyDeclared)
                    {
                        CheckType(method.ReturnType, location, "returns");
                        foreach (var parameter in method.Parameters)
                        {
                            CheckType(parameter.Type, location, "takes");
                        }
                    }

                    break;
                case IPropertySymbol property when !property.IsImplicitlyDeclared:
                    CheckType(property.Type, location, "has a property of");
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared:
                    CheckType(field.Type, location, "has a field of");
                    break;
                case IEventSymbol @event:
                    CheckType(@event.Type, location, "has an event of");
                    break;
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

    private void CheckProperty(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        var written = reference.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == reference => Access.Write,
            ICompoundAssignmentOperation compound when compound.Target == reference => Access.ReadWrite,
            IIncrementOrDecrementOperation => Access.ReadWrite,
            ICoalesceAssignmentOperation coalesce when coalesce.Target == reference => Access.ReadWrite,
            IMemberInitializerOperation => Access.Read,
            _ => Access.Read,
        };
        if (reference.Parent is ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation } init && init.Target == reference)
        {
            written = Access.Write;
        }

        if (written is Access.Read or Access.ReadWrite)
        {
            CheckOptional(property.GetMethod ?? property.OriginalDefinition.GetMethod, reference.Syntax);
        }

        if (written is Access.Write or Access.ReadWrite)
        {
            CheckOptional(property.SetMethod ?? property.OriginalDefinition.SetMethod, reference.Syntax);
        }

        foreach (var argument in reference.Arguments)
        {
            CheckType(argument.Parameter?.Type, reference.Syntax, "passes");
        }
    }

    private void CheckField(IFieldSymbol field, SyntaxNode syntax)
    {
        if (IsOwn(field.ContainingType))
        {
            return;
        }

        CheckType(field.ContainingType, syntax, "uses");
        var definition = (field.CorrespondingTupleField ?? field).OriginalDefinition;
        var key = new MemberKey(TypeId(definition.ContainingType), definition.Name, string.Empty, definition.IsStatic, IsField: true);
        if (!_policy.AllowsMember(definition.ContainingAssembly?.Name, key, PolicyLayer.Symbols))
        {
            _findings.Deny(syntax, key.Display, key.DocId);
        }
        else
        {
            Use(definition.ContainingType, key.DocId, key.Display, syntax);
        }
    }

    private void CheckMethod(IMethodSymbol method, SyntaxNode syntax)
    {
        if (method.MethodKind is MethodKind.LambdaMethod or MethodKind.LocalFunction || IsOwn(method.ContainingType))
        {
            foreach (var argument in method.TypeArguments)
            {
                CheckType(argument, syntax, "instantiates with");
            }

            return;
        }

        var reduced = method.ReducedFrom ?? method;
        var definition = reduced.OriginalDefinition;
        if (method.ContainingType is { } containing)
        {
            CheckType(containing, syntax, "uses");
        }

        foreach (var argument in method.TypeArguments)
        {
            CheckType(argument, syntax, "instantiates with");
        }

        if (definition.MethodKind == MethodKind.BuiltinOperator || definition.ContainingType is null)
        {
            return;
        }

        // Calls to interface and virtual members are judged on the member as declared (IEnumerable<T>.GetEnumerator).
        var key = KeyOf(definition);
        if (!_policy.AllowsMember(definition.ContainingAssembly?.Name, key, PolicyLayer.Symbols))
        {
            _findings.Deny(syntax, key.Display, key.DocId);
        }
        else
        {
            Use(definition.ContainingType, key.DocId, ApiReference.Readable(key), syntax);
        }
    }

    private void CheckType(ITypeSymbol? type, SyntaxNode syntax, string how)
    {
        switch (type)
        {
            case null or IErrorTypeSymbol or ITypeParameterSymbol:
                return;
            case IArrayTypeSymbol array:
                CheckType(array.ElementType, syntax, how);
                return;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                _findings.Forbid(syntax, "unsafe code and pointers");
                return;
            case IDynamicTypeSymbol:
                _findings.Forbid(syntax, "dynamic");
                return;
            case INamedTypeSymbol named:
                if (named.IsTupleType && named.TupleUnderlyingType is { } underlying && !SymbolEqualityComparer.Default.Equals(underlying, named))
                {
                    CheckType(underlying, syntax, how);
                    return;
                }

                foreach (var argument in named.TypeArguments)
                {
                    CheckType(argument, syntax, how);
                }

                if (named.IsAnonymousType || IsOwn(named))
                {
                    return;
                }

                var definition = named.OriginalDefinition;
                var id = TypeId(definition);
                if (!_policy.AllowsType(definition.ContainingAssembly?.Name, id, PolicyLayer.Symbols))
                {
                    _findings.Deny(syntax, definition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), "T:" + id);
                }
                else
                {
                    Use(definition, "T:" + id, null, syntax);
                }

                return;
        }
    }

    /// <summary>Records an allowed API (a type, or a member with its display) and the first line that uses it.</summary>
    private void Use(INamedTypeSymbol type, string docId, string? member, SyntaxNode syntax)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        var reference = new ApiReference(ns, docId, member ?? type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), member is null, type.SpecialType != SpecialType.None);
        var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        if (!_used.TryGetValue(reference, out var first) || line < first)
        {
            _used[reference] = line;
        }
    }

    private bool IsOwn(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    internal static MemberKey KeyOf(IMethodSymbol definition)
    {
        var id = definition.GetDocumentationCommentId() ?? string.Empty;
        var open = id.IndexOf('(', StringComparison.Ordinal);
        var parameters = open < 0 ? string.Empty : id[(open + 1)..id.LastIndexOf(')')];
        var name = definition.MetadataName switch
        {
            ".ctor" => "#ctor",
            ".cctor" => "#cctor",
            var n => n,
        };
        return new MemberKey(TypeId(definition.ContainingType), name, parameters, definition.IsStatic, IsField: false, definition.Arity);
    }

    internal static string TypeId(INamedTypeSymbol type) => type.GetDocumentationCommentId()?[2..] ?? type.ToDisplayString();

    private enum Access
    {
        Read,
        Write,
        ReadWrite,
    }
}
