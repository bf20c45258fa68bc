using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PersonalApp.Sandbox;

/// <summary>
/// What <see cref="GuardInjector"/> decides about the guard state before it rewrites anything, from the unrewritten
/// source and its semantic model: the name of the state local and hidden parameter, which plugin-private methods get
/// the state from their callers instead of reading the thread's, and how large a function's frame may be.
/// </summary>
internal static class GuardStatePlan
{
    /// <summary>The size assumed for a value type whose layout is unknown (a type parameter, a framework struct whose reference assembly hides its fields is sized at least this).</summary>
    private const int UnknownStruct = 32;

    /// <summary>A frame size that forces the per-entry stack check: a value of an unconstrained type parameter may be any size.</summary>
    private const int Unbounded = 1 << 20;

    /// <summary>A name built from <paramref name="prefix"/> that is no identifier of the plugin's source, so plugin code cannot refer to what carries it.</summary>
    public static string UnusedName(SyntaxNode root, string prefix)
    {
        var used = root.DescendantTokens(descendIntoTrivia: true)
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken))
            .Select(t => t.ValueText)
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var name = prefix;
        for (var i = 1; used.Contains(name); i++)
        {
            name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>
    /// The plugin's private and internal ordinary methods that can take the guard state as a hidden last parameter: not
    /// virtual, not an interface's, not async or an iterator, without optional or params parameters, attributes or
    /// partial parts, declared only in this source, and only ever called directly (never a method group, a delegate or
    /// <c>nameof</c>) from code that has the state at hand (the body of a function that keeps it). Calls between such
    /// methods, recursion above all, then never touch the thread-static state.
    /// </summary>
    public static HashSet<IMethodSymbol> HiddenParameterMethods(SemanticModel model, SyntaxNode root)
    {
        var candidates = new Dictionary<string, HashSet<IMethodSymbol>>(StringComparer.Ordinal);
        foreach (var declaration in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is { } method && CanHide(method, declaration, root.SyntaxTree))
            {
                if (!candidates.TryGetValue(method.Name, out var set))
                {
                    candidates[method.Name] = set = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                }

                set.Add(method);
            }
        }

        if (candidates.Count == 0)
        {
            return new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        }

        var rejected = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (!candidates.TryGetValue(name.Identifier.ValueText, out var sameName))
            {
                continue;
            }

            var info = model.GetSymbolInfo(name);
            if (info.Symbol is not IMethodSymbol method)
            {
                // Unresolved or ambiguous (nameof, a method group with several candidates): keep every method of that name as it is.
                rejected.UnionWith(sameName);
                continue;
            }

            var definition = method.OriginalDefinition;
            if (sameName.Contains(definition) && !(IsDirectCall(name, out var call) && HasStateAt(model, call)))
            {
                rejected.Add(definition);
            }
        }

        var hidden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var method in candidates.Values.SelectMany(set => set))
        {
            if (!rejected.Contains(method))
            {
                hidden.Add(method);
            }
        }

        return hidden;
    }

    /// <summary>
    /// A conservative size, in bytes, of what a function keeps on the stack: its parameters, its locals, and the
    /// temporaries of its value-type expressions (calls, object creations, operators, conversions), not counting
    /// nested lambdas and local functions, which have frames of their own.
    /// </summary>
    public static int FrameEstimate(SemanticModel model, IMethodSymbol method, SyntaxNode function)
    {
        long total = method.Parameters.Sum(p => p.RefKind == RefKind.None ? (long)SizeOf(p.Type, 0) : 8);
        foreach (var node in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            var local = node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or CatchDeclarationSyntax;
            ITypeSymbol? type = node switch
            {
                _ when local => (model.GetDeclaredSymbol(node) as ILocalSymbol)?.Type,
                InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                    or PostfixUnaryExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax or TupleExpressionSyntax
                    or SwitchExpressionSyntax or ElementAccessExpressionSyntax or DefaultExpressionSyntax or AssignmentExpressionSyntax
                    or CollectionExpressionSyntax or WithExpressionSyntax
                    => model.GetTypeInfo(node).ConvertedType is { IsValueType: true } converted ? converted : null,
                _ => null,
            };
            if (type is not null)
            {
                // Locals count whole; temporaries of register size (ints, references, bools) do not take a slot of their own.
                var size = SizeOf(type, 0);
                total += local || size > 8 ? size : 0;
            }

            if (total > Unbounded)
            {
                return Unbounded;
            }
        }

        return (int)Math.Min(total, Unbounded);
    }

    private static bool CanHide(IMethodSymbol method, MethodDeclarationSyntax declaration, SyntaxTree tree)
        => method.MethodKind == MethodKind.Ordinary
            && method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal
            && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern && !method.IsAsync && !method.IsVararg
            && !method.IsExtensionMethod && !method.IsPartialDefinition && method.PartialImplementationPart is null && method.PartialDefinitionPart is null
            && method.ExplicitInterfaceImplementations.IsEmpty
            && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct } type
            && type.DeclaringSyntaxReferences.All(r => r.SyntaxTree == tree)
            && method.Parameters.All(p => !p.IsParams && !p.IsOptional && !p.HasExplicitDefaultValue)
            && declaration.AttributeLists.Count == 0
            && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
            && (declaration.Body is not null || declaration.ExpressionBody is not null)
            && !(declaration.Body is { } body && IsIterator(body));

    /// <summary>Whether <paramref name="name"/> is what an invocation calls: <c>M(...)</c>, <c>x.M(...)</c>, <c>x?.M(...)</c>.</summary>
    private static bool IsDirectCall(SimpleNameSyntax name, out InvocationExpressionSyntax call)
    {
        SyntaxNode callee = name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };
        call = (callee.Parent as InvocationExpressionSyntax)!;
        return call is not null && call.Expression == callee;
    }

    /// <summary>Whether the injected guard state is in scope at <paramref name="node"/>: it is inside the body of a function that keeps it.</summary>
    private static bool HasStateAt(SemanticModel model, SyntaxNode node)
    {
        var child = node;
        for (var parent = node.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return child == lambda.Body && KeepsState(model.GetSymbolInfo(lambda).Symbol as IMethodSymbol, lambda.Block);
                case LocalFunctionStatementSyntax local:
                    return (child == local.Body || child == local.ExpressionBody) && KeepsState(model.GetDeclaredSymbol(local) as IMethodSymbol, local.Body);
                case DestructorDeclarationSyntax:
                    return false;
                case BaseMethodDeclarationSyntax method:
                    return (child == method.Body || child == method.ExpressionBody) && KeepsState(model.GetDeclaredSymbol(method), method.Body);
                case AccessorDeclarationSyntax accessor:
                    return (child == accessor.Body || child == accessor.ExpressionBody) && KeepsState(model.GetDeclaredSymbol(accessor), accessor.Body);
                case BasePropertyDeclarationSyntax property:
                    return child == (property as PropertyDeclarationSyntax)?.ExpressionBody || child == (property as IndexerDeclarationSyntax)?.ExpressionBody;
                case MemberDeclarationSyntax or AttributeSyntax or ParameterSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Whether the injector keeps the guard state in a function: not async, not an iterator (either may resume on another thread).</summary>
    private static bool KeepsState(IMethodSymbol? method, BlockSyntax? body) => method is { IsAsync: false } && !(body is not null && IsIterator(body));

    private static bool IsIterator(BlockSyntax body)
        => body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

    private static int SizeOf(ITypeSymbol? type, int depth)
    {
        if (type is null)
        {
            return UnknownStruct;
        }

        if (!type.IsValueType)
        {
            return type is ITypeParameterSymbol { HasReferenceTypeConstraint: false } ? Unbounded : 8;
        }

        if (depth > 16)
        {
            return Unbounded;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Decimal:
                return 16;
            case SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Char
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
                or SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_DateTime or SpecialType.System_Enum:
                return 8;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return 8;
        }

        if (type is not INamedTypeSymbol named)
        {
            return Unbounded;
        }

        long fields = 0;
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>())
        {
            if (!field.IsStatic && !field.IsConst)
            {
                fields += SizeOf(field.Type, depth + 1);
            }
        }

        // [InlineArray(n)] repeats its one field n times.
        if (named.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InlineArrayAttribute") is { } inline)
        {
            fields *= inline.ConstructorArguments is [{ Value: int length }] ? Math.Max(1, length) : Unbounded;
        }

        if (named.Locations.All(l => !l.IsInSource))
        {
            // A framework struct: its reference assembly may show a placeholder field instead of the real ones.
            fields = Math.Max(fields, UnknownStruct);
        }

        return (int)Math.Clamp(fields, 8, Unbounded);
    }
}
