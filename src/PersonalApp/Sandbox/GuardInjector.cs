using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PersonalApp.Sandbox;

/// <summary>
/// Layer 3, at compile time: rewrites the plugin's syntax so that every method, constructor, accessor, operator,
/// local function and lambda starts with <c>PluginGuard.Enter()</c>, every loop body with <c>PluginGuard.Tick()</c>,
/// array lengths and collection capacities pass through <c>PluginGuard.Size</c>, and regex match timeouts through
/// <c>PluginGuard.RegexTimeout</c>. Uses the semantic model of the unrewritten code (to know whether an expression
/// body returns a value, and which parameter an argument binds to). Inserted code stays on existing lines, so line
/// numbers in diagnostics and the PDB still match the source the admin reads.
/// </summary>
internal sealed class GuardInjector : CSharpSyntaxRewriter
{
    private const string Guard = "global::PersonalApp.Sandbox.PluginGuard";
    private const string StateType = "global::PersonalApp.Sandbox.GuardScope";

    private static readonly HashSet<string> CapacityParameters = new(StringComparer.Ordinal) { "capacity", "length", "count" };
    private static readonly HashSet<string> SizeParameters = new(StringComparer.Ordinal) { "repeatCount", "totalWidth", "newSize", "capacity", "minimumLength" };

    private readonly SemanticModel _model;
    private readonly IAssemblySymbol _own;

    /// <summary>
    /// How a loop in the function being rewritten stops once a limit is reached (return, yield break, or break inside
    /// finally), and whether the function keeps the guard state in a local or parameter named <see cref="_state"/>.
    /// </summary>
    private readonly Stack<(string Stop, bool State)> _stops = new();

    /// <summary>The names of the guard-state local and hidden parameter, and of the field whose initializer guards construction: names that occur nowhere in the plugin's source, so plugin code cannot name them.</summary>
    private readonly string _state;
    private readonly string _guardField;

    /// <summary>Guard statements repeat (the same check at every entry and loop), so each text is parsed once per plugin.</summary>
    private readonly Dictionary<string, StatementSyntax> _statements = new(StringComparer.Ordinal);

    /// <summary>Plugin-private methods that receive the guard state from their callers as a hidden last parameter (see <see cref="GuardStatePlan"/>).</summary>
    private readonly HashSet<IMethodSymbol> _hidden;

    private GuardInjector(SemanticModel model, SyntaxNode root)
    {
        _model = model;
        _own = model.Compilation.Assembly;
        _state = GuardStatePlan.UnusedName(root, "__personalAppState");
        _guardField = GuardStatePlan.UnusedName(root, "__personalAppGuard");
        _hidden = GuardStatePlan.HiddenParameterMethods(model, root);
    }

    public static SyntaxTree Rewrite(SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken)
    {
        var original = tree.GetRoot(cancellationToken);
        var root = new GuardInjector(model, original).Visit(original);
        return tree.WithRootAndOptions(root, tree.Options);
    }

    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        var visited = (ClassDeclarationSyntax)base.VisitClassDeclaration(node)!;
        return visited.Modifiers.Any(SyntaxKind.StaticKeyword) ? visited : visited.WithMembers(visited.Members.Insert(0, InitializerGuard()));
    }

    public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        var visited = (RecordDeclarationSyntax)base.VisitRecordDeclaration(node)!;
        return visited.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? visited : visited.WithMembers(visited.Members.Insert(0, InitializerGuard()));
    }

    /// <summary>
    /// A first field whose initializer runs the entry guard: field initializers (and then the base constructor's
    /// arguments) run before any constructor body, so a constructor that recurses through them is still guarded.
    /// </summary>
    private MemberDeclarationSyntax InitializerGuard()
        => ParseMemberDeclaration($"private readonly bool {_guardField} = {Guard}.EnterOrThrow();")!;

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        => GuardMember(node, _model.GetDeclaredSymbol(node), base.VisitMethodDeclaration);

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
        => GuardMember(node, _model.GetDeclaredSymbol(node), base.VisitConstructorDeclaration);

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
        => GuardMember(node, _model.GetDeclaredSymbol(node), base.VisitOperatorDeclaration);

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
        => GuardMember(node, _model.GetDeclaredSymbol(node), base.VisitConversionOperatorDeclaration);

    /// <summary>Guards a method, constructor or operator: its body starts with the entry guard; an expression body becomes a block that does.</summary>
    private BaseMethodDeclarationSyntax GuardMember<T>(T node, IMethodSymbol? symbol, Func<T, SyntaxNode?> visitChildren)
        where T : BaseMethodDeclarationSyntax
    {
        var entry = Entry(symbol, node, node.Body);
        var visited = (BaseMethodDeclarationSyntax)Within(entry, () => visitChildren(node));
        if (entry.Hidden)
        {
            visited = visited.WithParameterList(visited.ParameterList.AddParameters(
                Parameter(default, default, ParseTypeName(StateType).WithTrailingTrivia(Space), Identifier(_state), null)));
        }

        return visited.Body is { } body
            ? visited.WithBody(Guarded(body, entry))
            : visited.ExpressionBody is { } arrow
                ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, entry)).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia)
                : visited;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var entry = Entry(_model.GetDeclaredSymbol(node), node, node.Body);
        var visited = (AccessorDeclarationSyntax)Within(entry, () => base.VisitAccessorDeclaration(node));
        return visited.Body is { } body
            ? visited.WithBody(Guarded(body, entry))
            : visited.ExpressionBody is { } arrow
                ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, entry)).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia)
                : visited;
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var entry = Entry((_model.GetDeclaredSymbol(node) as IPropertySymbol)?.GetMethod, node.ExpressionBody, null);
        var visited = (PropertyDeclarationSyntax)Within(entry, () => base.VisitPropertyDeclaration(node));
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GuardedGetter(arrow, entry)).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia)
            : visited;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var entry = Entry((_model.GetDeclaredSymbol(node) as IPropertySymbol)?.GetMethod, node.ExpressionBody, null);
        var visited = (IndexerDeclarationSyntax)Within(entry, () => base.VisitIndexerDeclaration(node));
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GuardedGetter(arrow, entry)).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia)
            : visited;
    }

    /// <summary>An expression-bodied property or indexer as a getter whose block starts with the entry guard.</summary>
    private static AccessorListSyntax GuardedGetter(ArrowExpressionClauseSyntax arrow, EntryGuard entry)
        => AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Block(arrow.Expression, entry))));

    /// <summary>Rewrites a function's children with its entry's stop as how its loops leave once a limit is reached.</summary>
    private SyntaxNode Within(EntryGuard entry, Func<SyntaxNode?> visitChildren) => Within(entry.Stop, entry.State, visitChildren);

    private SyntaxNode Within(string stop, bool state, Func<SyntaxNode?> visitChildren)
    {
        _stops.Push((stop, state));
        try
        {
            return visitChildren()!;
        }
        finally
        {
            _stops.Pop();
        }
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var entry = Entry(_model.GetDeclaredSymbol(node) as IMethodSymbol, node, node.Body);
        var visited = (LocalFunctionStatementSyntax)Within(entry, () => base.VisitLocalFunctionStatement(node));
        return visited.Body is { } body
            ? visited.WithBody(Guarded(body, entry))
            : visited.ExpressionBody is { } arrow
                ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, entry)).WithTrailingTrivia(visited.SemicolonToken.TrailingTrivia)
                : visited;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var entry = Entry(_model.GetSymbolInfo(node).Symbol as IMethodSymbol, node, node.Block);
        var visited = (ParenthesizedLambdaExpressionSyntax)Within(entry, () => base.VisitParenthesizedLambdaExpression(node));
        return visited.Block is { } block
            ? visited.WithBlock(Guarded(block, entry))
            : visited.WithExpressionBody(null).WithBlock(Block(visited.ExpressionBody!, entry));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var entry = Entry(_model.GetSymbolInfo(node).Symbol as IMethodSymbol, node, node.Block);
        var visited = (SimpleLambdaExpressionSyntax)Within(entry, () => base.VisitSimpleLambdaExpression(node));
        return visited.Block is { } block
            ? visited.WithBlock(Guarded(block, entry))
            : visited.WithExpressionBody(null).WithBlock(Block(visited.ExpressionBody!, entry));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var entry = Entry(_model.GetSymbolInfo(node).Symbol as IMethodSymbol, node, node.Block);
        var visited = (AnonymousMethodExpressionSyntax)Within(entry, () => base.VisitAnonymousMethodExpression(node));
        return visited.WithBlock(Guarded(visited.Block, entry));
    }

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        // Plugin handlers may not catch anything once a limit is reached: the guard's exception goes straight out.
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var canCatch = ParseExpression($"{Guard}.CanCatch()");
        var filter = visited.Filter is { } existing
            ? existing.WithFilterExpression(BinaryExpression(SyntaxKind.LogicalAndExpression, canCatch, ParenthesizedExpression(existing.FilterExpression)))
            : CatchFilterClause(canCatch).WithLeadingTrivia(Space);
        return visited.WithFilter(filter);
    }

    public override SyntaxNode? VisitFinallyClause(FinallyClauseSyntax node)
    {
        // Once a limit is reached no plugin code runs while the call unwinds, so a finally cannot loop, recurse or rethrow.
        var visited = (FinallyClauseSyntax)Within("break;", _stops.Count > 0 && _stops.Peek().State, () => base.VisitFinallyClause(node));
        var skip = Statement($"if ({Guard}.Stopped()) {{ }} else ");
        var body = ((IfStatementSyntax)skip).WithElse(ElseClause(visited.Block));
        return visited.WithBlock(visited.Block.WithStatements(SingletonList<StatementSyntax>(body.WithoutTrivia())));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitArrayCreationExpression(ArrayCreationExpressionSyntax node)
    {
        var visited = (ArrayCreationExpressionSyntax)base.VisitArrayCreationExpression(node)!;
        if (visited.Initializer is not null)
        {
            return visited; // Sizes must stay constants there; the initializer itself bounds the length.
        }

        var ranks = visited.Type.RankSpecifiers;
        if (ranks.Count == 0)
        {
            return visited;
        }

        var first = ranks[0];
        var originalSizes = node.Type.RankSpecifiers[0].Sizes;
        if (originalSizes.Any(size => size is OmittedArraySizeExpressionSyntax || !IsSizeType(size)))
        {
            return visited;
        }

        // Each dimension goes through the guard in order, which checks the running product: 50,000 x 50,000 is refused.
        var sizes = first.Sizes.Select((size, i) => (ExpressionSyntax)InvocationExpression(
            ParseExpression($"{Guard}.Dimension"),
            ArgumentList(SeparatedList([Argument(size.WithoutTrivia()), Argument(ParseExpression(i == 0 ? "true" : "false"))]))).WithTriviaFrom(size)).ToList();
        return visited.WithType(visited.Type.WithRankSpecifiers(ranks.Replace(first, first.WithSizes(SeparatedList(sizes, first.Sizes.GetSeparators())))));
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (_hidden.Count == 0 || _model.GetSymbolInfo(node).Symbol is not IMethodSymbol method || !_hidden.Contains(method.OriginalDefinition))
        {
            return visited;
        }

        // A call of a method that takes the guard state as a hidden parameter: pass the caller's (named, so it may follow named arguments).
        return visited.WithArgumentList(visited.ArgumentList.AddArguments(Argument(NameColon(IdentifierName(_state)).WithTrailingTrivia(Space), default, IdentifierName(_state))));
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        var operation = _model.GetOperation(node) as IArgumentOperation;
        var visited = (ArgumentSyntax)base.VisitArgument(node)!;
        if (operation?.Parameter is not { } parameter || !node.RefKindKeyword.IsKind(SyntaxKind.None) || parameter.ContainingSymbol is not IMethodSymbol method
            || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _own))
        {
            return visited;
        }

        var type = method.ContainingType?.ToDisplayString();
        if (type == "System.Text.RegularExpressions.Regex" && parameter.Name == "matchTimeout")
        {
            return visited.WithExpression(Call("RegexTimeout", visited.Expression));
        }

        var guardsSize = method.MethodKind == MethodKind.Constructor
            ? CapacityParameters.Contains(parameter.Name)
            : SizeParameters.Contains(parameter.Name) || (method.Name is "Repeat" or "Range" && parameter.Name == "count") || (method.Name == "Create" && parameter.Name == "length");
        return guardsSize && IsSizeType(node.Expression) ? visited.WithExpression(SizeCall(visited.Expression)) : visited;
    }

    private bool IsSizeType(ExpressionSyntax expression)
        => _model.GetTypeInfo(expression).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
            or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32;

    /// <summary>
    /// The entry guard for a function. Where it can keep the guard state (not async, not an iterator, both of which may
    /// resume on another thread): <c>var state = PluginGuard.State(); if (--state.Budget &lt; 0 &amp;&amp; state.Slow()) return default!;</c>,
    /// without the first statement for a plugin-private method that receives the state as a hidden parameter, and with
    /// <c>|| state.Deep()</c> (a stack check at every entry) for a function whose frame may be large. Elsewhere
    /// <c>if (PluginGuard.Enter()) return default!;</c>. The stop takes the form the function's kind allows (return;,
    /// yield break;, out parameters assigned first), or throws for ref returns, which have no default to give.
    /// </summary>
    private EntryGuard Entry(IMethodSymbol? method, SyntaxNode? function, BlockSyntax? body)
    {
        var halt = $"throw {Guard}.Halt();";
        if (method is null)
        {
            return new EntryGuard(SingletonList(Statement($"if ({Guard}.Enter()) {halt}")), ReturnsValue: true, halt, State: false, Hidden: false);
        }

        var returnsValue = !method.ReturnsVoid && (!method.IsAsync || method.ReturnType is INamedTypeSymbol { IsGenericType: true });
        var outs = string.Concat(method.Parameters.Where(p => p.RefKind == RefKind.Out).Select(p => $"{Escape(p.Name)} = default!; "));
        string stop;
        var iterator = body is not null && IsIterator(body);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            stop = halt;
        }
        else if (iterator)
        {
            stop = "yield break;";
        }
        else
        {
            stop = returnsValue ? "return default!;" : "return;";
        }

        stop = $"{{ {outs}{stop} }}";
        if (method.IsAsync || iterator || function is null)
        {
            return new EntryGuard(SingletonList(Statement($"if ({Guard}.Enter()) {stop}")), returnsValue, stop, State: false, Hidden: false);
        }

        var hidden = _hidden.Contains(method);
        var deep = GuardStatePlan.FrameEstimate(_model, method, function) > GuardScope.SmallFrameBytes ? $" || {_state}.Deep()" : string.Empty;
        var check = Statement($"if ((--{_state}.Budget < 0 && {_state}.Slow()){deep}) {stop}");
        var statements = hidden
            ? SingletonList(check)
            : List([Statement($"var {_state} = {Guard}.State(); "), check]);
        return new EntryGuard(statements, returnsValue, stop, State: true, hidden);
    }

    private StatementSyntax Statement(string text) => _statements.TryGetValue(text, out var parsed) ? parsed : _statements[text] = ParseStatement(text);

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Whether a body is an iterator's: a yield directly in it, not in a nested lambda or local function.</summary>
    private static bool IsIterator(BlockSyntax body)
        => body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

    private static BlockSyntax Guarded(BlockSyntax block, EntryGuard entry) => block.WithStatements(block.Statements.InsertRange(0, entry.Statements));

    private StatementSyntax Ticked(StatementSyntax statement)
        => statement is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, TickStatement()))
            : SyntaxFactory.Block(TickStatement(), statement).WithTriviaFrom(statement);

    private static BlockSyntax Block(ExpressionSyntax expression, EntryGuard entry)
    {
        StatementSyntax body = expression switch
        {
            ThrowExpressionSyntax thrown => ThrowStatement(Token(SyntaxKind.ThrowKeyword).WithTrailingTrivia(Space), thrown.Expression, Token(SyntaxKind.SemicolonToken)),
            _ when entry.ReturnsValue => ReturnStatement(Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(Space), expression.WithoutTrivia(), Token(SyntaxKind.SemicolonToken)),
            _ => ExpressionStatement(expression.WithoutTrivia()),
        };
        return SyntaxFactory.Block(entry.Statements.Add(body)).WithLeadingTrivia(Space).WithTrailingTrivia(Space);
    }

    /// <summary>The loop guard: once a limit is reached, leave the function (so no "not all paths return" appears), or the loop inside a finally.</summary>
    private StatementSyntax TickStatement()
    {
        var (stop, state) = _stops.Count > 0 ? _stops.Peek() : ("break;", false);
        return Statement(state ? $"if (--{_state}.Budget < 0 && {_state}.Slow()) {stop}" : $"if ({Guard}.Tick()) {stop}");
    }

    private static InvocationExpressionSyntax SizeCall(ExpressionSyntax size) => Call("Size", size);

    /// <summary>An entry guard: its statements, whether the function returns a value, how it stops, whether it keeps the guard state, and whether that arrives as a hidden parameter.</summary>
    private readonly record struct EntryGuard(SyntaxList<StatementSyntax> Statements, bool ReturnsValue, string Stop, bool State, bool Hidden);

    private static InvocationExpressionSyntax Call(string method, ExpressionSyntax argument)
        => InvocationExpression(ParseExpression($"{Guard}.{method}"), ArgumentList(SingletonSeparatedList(Argument(argument.WithoutTrivia()))))
            .WithTriviaFrom(argument);
}
