using System.Text;
using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Compilation;

/// <summary>
/// What one compile may cost: answers shaped to make Roslyn work for seconds (thousands of nested parentheses, hundreds
/// of nested lambdas, a flood of statements) are refused before binding, a compile past its time budget is stopped,
/// ordinary large plugins still compile, and the model is told what to change.
/// </summary>
public sealed class CompileLimitsTests : IDisposable
{
    private const string AssemblyName = "PersonalApp.Plugin.tests.r000000000002";
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compile_ThreeThousandNestedParentheses_IsRefusedWithPA0305BeforeBinding()
    {
        var result = Compiler().Compile(NestedParentheses(3_000), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0305", error.Id);
        Assert.Contains("MaxNestingDepth", error.Message, StringComparison.Ordinal);
        Assert.Equal(11, error.Line);
        Assert.Null(error.CompilerId);
    }

    [Fact]
    public void Compile_ThousandNestedLambdas_IsRefusedWithPA0305()
    {
        var result = Compiler().Compile(NestedLambdas(1_000), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0305", error.Id);
        Assert.Contains("MaxLambdaDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LambdasNestedWithinTheLimit_Compiles()
    {
        var result = Compiler().Compile(NestedLambdas(8), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Compile_MoreNodesThanAllowed_IsRefusedWithPA0306()
    {
        var options = new PersonalizationOptions();
        options.Compile.MaxSyntaxNodes = 1_000;

        var result = Compiler(options).Compile(ManyStatements(500), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal("PA0306", Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Compile_TimeBudgetSpent_IsRefusedWithPA0307()
    {
        var options = new PersonalizationOptions();
        options.Compile.TimeBudget = TimeSpan.Zero;

        var result = Compiler(options).Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0307", error.Id);
        Assert.Contains("TimeBudget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_CallerCancelsWithinTheBudget_StillThrows()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => Compiler().Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount), TestExtensionPoints.Pricing(), AssemblyName, cancellation.Token));
    }

    [Theory]
    [InlineData("LargePricingRule")]
    [InlineData(PluginSources.WeekdayGroupDiscount)]
    [InlineData(PluginSources.NestedPricingRule)]
    public void Compile_OrdinaryPlugins_StayWellWithinTheDefaultLimits(string fixture)
    {
        var result = Compiler().Compile(PluginSources.Read(fixture), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Check_ElseIfChainsAndLongSums_DoNotCountAsNesting()
    {
        var ifs = string.Concat(Enumerable.Range(0, 300).Select(i => $"else if (n == {i}) {{ s = {i}; }}\n"));
        var sum = string.Join(" + ", Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText($"class C {{ int M(int n) {{ var s = 0; if (n < 0) {{ s = -1; }}\n{ifs} return s + {sum}; }} }}");

        Assert.Null(SyntaxShape.Check(tree, new CompileLimits(), CancellationToken.None));
    }

    [Fact]
    public async Task RequestAsync_DeeplyNestedAnswer_IsSentBackToTheModelAndRepaired()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Answer(NestedParentheses(3_000)))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(1, result.RepairRounds);
        Assert.Contains(result.Diagnostics, d => d.Id == "PA0305");
        var repair = model.Calls[1][^1].Text;
        Assert.Contains("at line 11", repair, StringComparison.Ordinal);
        Assert.Contains("PersonalizationOptions.Compile.MaxNestingDepth", repair, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxNestingDepth", "PersonalizationOptions.Compile.MaxNestingDepth is 8")]
    [InlineData("MaxLambdaDepth", "PersonalizationOptions.Compile.MaxLambdaDepth is 1")]
    [InlineData("MaxSyntaxNodes", "PersonalizationOptions.Compile.MaxSyntaxNodes is 10")]
    [InlineData("TimeBudget", "PersonalizationOptions.Compile.TimeBudget is 00:00:00")]
    public void Validate_CompileLimitOutOfRange_FailsWithAMessageNamingIt(string limit, string expected)
    {
        var options = new PersonalizationOptions { StorePath = _directory.StorePath };
        _ = limit switch
        {
            "MaxNestingDepth" => options.Compile.MaxNestingDepth = 8,
            "MaxLambdaDepth" => options.Compile.MaxLambdaDepth = 1,
            "MaxSyntaxNodes" => options.Compile.MaxSyntaxNodes = 10,
            _ => (options.Compile.TimeBudget = TimeSpan.Zero).Seconds,
        };

        var result = new PersonalizationOptionsValidator().Validate(null, options);

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultCompileLimits_AreValid()
        => Assert.Empty(new CompileLimits().Problems("PersonalizationOptions.Compile"));

    private static PluginCompiler Compiler(PersonalizationOptions? options = null) => new(Options.Create(options ?? new PersonalizationOptions()));

    /// <summary>A pricing rule whose line 11 is <c>var total = ((((...order.ListTotal...))));</c>.</summary>
    private static string NestedParentheses(int depth) => Rule(
        "var total = " + new string('(', depth) + "order.ListTotal" + new string(')', depth) + ";",
        "return total > 0 ? new PriceAdjustment(0m, Name) : null;");

    /// <summary>A pricing rule with lambdas nested <paramref name="depth"/> deep: <c>Run(() =&gt; Run(() =&gt; ... 1))</c>.</summary>
    private static string NestedLambdas(int depth)
    {
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            body.Append("Run(() => ");
        }

        body.Append('1').Append(')', depth);
        return Rule("var n = " + body + ";", "return n > 1 ? new PriceAdjustment(0m, Name) : null;", "private static int Run(Func<int> f) => f();");
    }

    private static string ManyStatements(int count) => Rule(
        "var n = 0;\n" + string.Concat(Enumerable.Repeat("        n += 1;\n", count)),
        "return n > 1 ? new PriceAdjustment(0m, Name) : null;");

    private static string Rule(string first, string last, string members = "") => $$"""
        namespace KioskPlugins;

        public sealed class Shaped : ITicketPricingRule
        {
            public string Name => "shaped";

            {{members}}

            public PriceAdjustment? Apply(TicketOrder order)
            {
                {{first}}
                {{last}}
            }
        }
        """;
}
