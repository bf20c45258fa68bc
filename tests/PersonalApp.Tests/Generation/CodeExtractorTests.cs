using System.Globalization;
using PersonalApp.Generation;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

public sealed class CodeExtractorTests
{
    private const int DefaultLimit = 64 * 1024;

    private readonly CodeExtractor _extractor = new();

    [Fact]
    public void Extract_FencedCSharpBlock_ReturnsTheBlocksCode()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);

        var result = _extractor.Extract(PluginSources.Answer(source), TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(source.TrimEnd(), result.Source);
    }

    [Fact]
    public void Extract_FencedCSharpBlock_HandsOnTheTreeParsedAsTheCompilerParses()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);

        var result = _extractor.Extract(PluginSources.Answer(source), TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.NotNull(result.Tree);
        Assert.Same(PersonalApp.Compilation.PluginCompiler.ParseOptions, result.Tree.Options);
        Assert.Equal(result.Source, result.Tree.GetText().ToString());
        Assert.Equal(System.Text.Encoding.UTF8, result.Tree.GetText().Encoding);
    }

    [Fact]
    public void Extract_ProseOnly_HasNoTree()
    {
        var result = _extractor.Extract("I cannot write that feature.", TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.False(result.Succeeded);
        Assert.Null(result.Tree);
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("c#")]
    [InlineData("")]
    public void Extract_FenceWithOtherCSharpTag_ReturnsTheCode(string tag)
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd();
        var answer = $"Sure.\n```{tag}\n{source}\n```\nIt gives 20% off.";

        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.Equal(source, result.Source);
    }

    [Fact]
    public void Extract_PlainCodeAnswer_ReturnsTheWholeAnswer()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);

        var result = _extractor.Extract("\n" + source, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.True(result.Succeeded);
        Assert.Equal(source.Trim(), result.Source);
    }

    [Theory]
    [InlineData("TicketKiosk.Contracts.ITicketPricingRule")]
    [InlineData("global::TicketKiosk.Contracts.ITicketPricingRule")]
    public void Extract_ContractNamedInFull_RecognisesTheImplementation(string contractName)
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).Replace(": ITicketPricingRule", ": " + contractName, StringComparison.Ordinal);

        var result = _extractor.Extract(PluginSources.Answer(source), TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
    }

    [Fact]
    public void Extract_AnswerCutOffBeforeTheClosingFence_StillTakesTheCode()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd();

        var result = _extractor.Extract("```csharp\n" + source, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.Equal(source, result.Source);
    }

    [Fact]
    public void Extract_UsingsAndClassInSeparateBlocks_KeepsTheBlockThatDeclaresTheClass()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd();
        var answer = $"First the usings:\n```csharp\nusing System.Globalization;\n```\nThen the class:\n```csharp\n{source}\n```\n";

        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.Equal(source, result.Source);
    }

    [Fact]
    public void Extract_ProseOnly_FailsWithNoCodeQuotingTheAnswer()
    {
        const string answer = "I am sorry, but I cannot write a loyalty card rule because the order does not say how often a visitor came.";

        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.False(result.Succeeded);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0203", diagnostic.Id);
        Assert.Equal(PersonalizationSeverity.Error, diagnostic.Severity);
        Assert.Contains("I am sorry, but I cannot write a loyalty card rule", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("```python\nprint('20% off')\n```")]
    public void Extract_NoCodeAtAll_FailsWithNoCode(string answer)
    {
        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.Null(result.Source);
        Assert.Equal("PA0203", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Extract_CodeWithoutAClass_FailsWithNoCode()
    {
        var result = _extractor.Extract("```csharp\nvar discount = 0.2m;\n```", TestExtensionPoints.Pricing(), DefaultLimit);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0203", diagnostic.Id);
        Assert.Contains("no class", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TwoClassesImplementingTheContract_FailsWithSeveralCandidates()
    {
        var result = _extractor.Extract(PluginSources.Fenced(PluginSources.TwoPricingRules), TestExtensionPoints.Pricing(), DefaultLimit);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0204", diagnostic.Id);
        Assert.Contains("ChildrenGoFree", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("SeniorsGoFree", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ClassImplementingAnotherInterface_FailsWithWrongInterface()
    {
        var result = _extractor.Extract(PluginSources.Fenced(PluginSources.ReportInsteadOfPricingRule), TestExtensionPoints.Pricing(), DefaultLimit);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0205", diagnostic.Id);
        Assert.Contains("ISalesReport", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("TicketKiosk.Contracts.ITicketPricingRule", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OneMegabyteAnswer_FailsWithAnswerTooLargeUnderTheDefaultLimit()
    {
        var answer = PluginSources.Fenced(PluginSources.WeekdayGroupDiscount) + new string('x', 1024 * 1024);

        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), new PersonalizationOptions().MaxAnswerBytes);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0202", diagnostic.Id);
        Assert.Contains(65536.ToString("N0", CultureInfo.CurrentCulture), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_AnswerOfExactlyTheLimit_IsAccepted()
    {
        var fenced = PluginSources.Fenced(PluginSources.WeekdayGroupDiscount);
        var answer = fenced + new string(' ', 2048 - fenced.Length);

        var result = _extractor.Extract(answer, TestExtensionPoints.Pricing(), 2048);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Extract_SyntaxGarbageInsideAnImplementingClass_PassesTheCodeOnForTheCompiler()
    {
        var source = PluginSources.Read(PluginSources.SyntaxGarbage);

        var result = _extractor.Extract(PluginSources.Answer(source), TestExtensionPoints.Pricing(), DefaultLimit);

        Assert.True(result.Succeeded);
        Assert.Contains("%%%", result.Source, StringComparison.Ordinal);
    }
}
