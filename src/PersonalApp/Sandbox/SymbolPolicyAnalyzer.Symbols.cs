using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PersonalApp.Sandbox;

/// <summary>Layer 1's checks of the symbols themselves: declared types, the types, methods, fields and properties used.</summary>
internal sealed partial class SymbolPolicyAnalyzer
{
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
            Use(Reference(definition.ContainingType, key.DocId, key.Display), syntax);
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
        // The verdict is the same at every call site, so it is worked out once per method (doc ids and displays are costly).
        if (!_methodVerdicts.TryGetValue(definition, out var verdict))
        {
            var key = KeyOf(definition);
            verdict = _policy.AllowsMember(definition.ContainingAssembly?.Name, key, PolicyLayer.Symbols)
                ? Verdict.Allowed(Reference(definition.ContainingType, key.DocId, ApiReference.Readable(key)))
                : Verdict.Denied(key.Display, key.DocId);
            _methodVerdicts.Add(definition, verdict);
        }

        Apply(verdict, syntax);
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
                if (!_typeVerdicts.TryGetValue(definition, out var verdict))
                {
                    var id = TypeId(definition);
                    verdict = _policy.AllowsType(definition.ContainingAssembly?.Name, id, PolicyLayer.Symbols)
                        ? Verdict.Allowed(Reference(definition, "T:" + id, null))
                        : Verdict.Denied(definition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), "T:" + id);
                    _typeVerdicts.Add(definition, verdict);
                }

                Apply(verdict, syntax);
                return;
        }
    }

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

    private void Apply(Verdict verdict, SyntaxNode syntax)
    {
        if (verdict.Reference is { } reference)
        {
            Use(reference, syntax);
        }
        else
        {
            _findings.Deny(syntax, verdict.Display!, verdict.DocId!);
        }
    }

    /// <summary>What the policy says of one symbol: allowed (and recorded as this reference), or denied (named so).</summary>
    private readonly record struct Verdict(ApiReference? Reference, string? Display, string? DocId)
    {
        public static Verdict Allowed(ApiReference reference) => new(reference, null, null);

        public static Verdict Denied(string display, string docId) => new(null, display, docId);
    }
}
