using System.Security.Cryptography;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

public sealed class PluginCompilerTests
{
    private const string AssemblyName = "PersonalApp.Plugin.tests.r000000000001";

    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private readonly PluginCompiler _compiler = TestCompilers.Create();

    [Fact]
    public void Compile_ValidPricingRule_EmitsDllHashAndTypeNameWithoutPdb()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var plugin = result.Plugin!;
        Assert.Equal(AssemblyName, plugin.AssemblyName);
        Assert.Equal("KioskPlugins.WeekdayGroupDiscount", plugin.TypeName);
        Assert.Equal("MZ", System.Text.Encoding.ASCII.GetString(plugin.Dll, 0, 2));
        Assert.Empty(plugin.Pdb);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plugin.Dll)), plugin.Sha256);
    }

    [Fact]
    public void BuildSymbols_AcceptedVersion_GivesAPortablePdbWithTheSourceEmbeddedForEveryMethodOfTheStoredDll()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);
        var pricing = TestExtensionPoints.Pricing();
        var stored = _compiler.Compile(source, pricing, AssemblyName, CancellationToken.None).Plugin!;

        var pdb = _compiler.BuildSymbols(source, pricing, AssemblyName, CancellationToken.None);

        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbImage([.. pdb]);
        var symbols = provider.GetMetadataReader();
        Assert.Contains(symbols.Documents, d => symbols.GetString(symbols.GetDocument(d).Name) == AssemblyName + ".cs");
        Assert.NotEmpty(symbols.MethodDebugInformation);
        Assert.Contains(symbols.CustomDebugInformation, h => symbols.GetGuid(symbols.GetCustomDebugInformation(h).Kind) == EmbeddedSourceKind);
        using var dll = new System.Reflection.PortableExecutable.PEReader([.. stored.Dll]);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(dll);
        Assert.Equal(metadata.MethodDefinitions.Count, symbols.MethodDebugInformation.Count);
    }

    [Fact]
    public void BuildSymbols_SourceThatDoesNotCompile_Throws()
        => Assert.Throws<ArgumentException>(() => _compiler.BuildSymbols("public class Broken : ITicketPricingRule {", TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None));

    [Fact]
    public void Compile_SameSourceAndAssemblyNameTwice_GivesIdenticalBytesAndHash()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);
        var pricing = TestExtensionPoints.Pricing();

        var first = _compiler.Compile(source, pricing, AssemblyName, CancellationToken.None).Plugin!;
        var second = TestCompilers.Create().Compile(source, pricing, AssemblyName, CancellationToken.None).Plugin!;

        Assert.Equal(first.Dll, second.Dll);
        Assert.Equal(first.Pdb, second.Pdb);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public void Compile_SameSourceOtherAssemblyName_GivesAnotherHash()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);
        var pricing = TestExtensionPoints.Pricing();

        var first = _compiler.Compile(source, pricing, AssemblyName, CancellationToken.None).Plugin!;
        var second = _compiler.Compile(source, pricing, AssemblyName + "x", CancellationToken.None).Plugin!;

        Assert.NotEqual(first.Sha256, second.Sha256);
    }

    [Fact]
    public void Compile_SalesReport_CompilesAgainstItsOwnContract()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.DailyRevenueReport), TestExtensionPoints.Report(), AssemblyName, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("KioskPlugins.DailyRevenueReport", result.Plugin!.TypeName);
    }

    [Fact]
    public void Compile_SyntaxGarbage_FailsWithCompileErrorsPointingAtTheLine()
    {
        var source = PluginSources.Read(PluginSources.SyntaxGarbage);
        var garbageLine = PluginSources.LineOf(source, "%%%");

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("PA0301", e.Id);
            Assert.Equal(PersonalizationSeverity.Error, e.Severity);
            Assert.StartsWith("CS", e.CompilerId, StringComparison.Ordinal);
        });
        var first = result.Errors[0];
        Assert.Equal(garbageLine, first.Line);
        Assert.NotNull(first.Column);
        Assert.Equal("return new PriceAdjustment(order.ListTotal * 0.1m, Name) %%% ]] ;", first.SourceLine);
    }

    [Fact]
    public void Compile_UnknownMember_ReportsCS1061WithLineAndOffendingLine()
    {
        var source = PluginSources.Read(PluginSources.OneUnknownMember);

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("CS1061", error.CompilerId);
        Assert.Equal(PluginSources.LineOf(source, "order.Adultz"), error.Line);
        Assert.Equal("var adults = order.Adultz;", error.SourceLine);
        Assert.Contains("Adultz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_CompileErrorAndAPolicyViolation_ReportsTheCompileErrorFirst()
    {
        var source = PluginSources.Read(PluginSources.OneUnknownMember).Replace("var adults = order.Adultz;", "var adults = order.Adultz; var home = System.Environment.GetEnvironmentVariable(\"HOME\");", StringComparison.Ordinal);

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("CS1061", error.CompilerId);
    }

    [Fact]
    public void Compile_CompileErrorInAClassThatDoesNotImplementTheContract_ReportsTheCompileErrorFirst()
    {
        const string Source = "public sealed class NotARule { public int Count() => Missing; }";

        var result = _compiler.Compile(Source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal("CS0103", Assert.Single(result.Errors).CompilerId);
    }

    [Fact]
    public void Compile_SourceNamingTheGuardsField_FailsAsTheUndeclaredNameItIs()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).Replace("public PriceAdjustment? Apply(TicketOrder order)", "public bool Guarded => __personalAppGuard;\n\n    public PriceAdjustment? Apply(TicketOrder order)", StringComparison.Ordinal);

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Contains(result.Errors, e => e.CompilerId == "CS0103" && e.Message.Contains("__personalAppGuard", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_ExtractorsTree_GivesTheSameBytesAsTheSource()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);
        var pricing = TestExtensionPoints.Pricing();
        var extraction = new CodeExtractor().Extract(PluginSources.Answer(source), pricing, 64 * 1024);

        var fromTree = _compiler.Compile(extraction.Tree!, pricing, AssemblyName, CancellationToken.None).Plugin!;
        var fromText = _compiler.Compile(extraction.Source!, pricing, AssemblyName, CancellationToken.None).Plugin!;

        Assert.Equal(fromText.Sha256, fromTree.Sha256);
    }

    [Theory]
    [InlineData(PluginSources.ThreeUnknownMembers, 3)]
    [InlineData(PluginSources.TwoUnknownMembers, 2)]
    [InlineData(PluginSources.OneUnknownMember, 1)]
    public void Compile_RepairFixtures_HaveTheirNumberOfErrors(string fixture, int errors)
    {
        var result = _compiler.Compile(PluginSources.Read(fixture), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal(errors, result.Errors.Count);
    }

    [Fact]
    public void Compile_InterfaceOfTheSameNameDeclaredInTheCode_FailsWithWrongInterface()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.OwnContractOfSameName), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0205", error.Id);
        Assert.Contains("TicketKiosk.Contracts.ITicketPricingRule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NonPublicClass_FailsWithNotInstantiable()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.InternalPricingRule), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0206", error.Id);
        Assert.Contains("HiddenRule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ClassWithoutParameterlessConstructor_FailsWithNotInstantiable()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount)
            .Replace("private const decimal Rate = 0.20m;", "private readonly decimal Rate;\n\n    public WeekdayGroupDiscount(decimal rate) => Rate = rate;", StringComparison.Ordinal);

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal("PA0206", Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Compile_GenericClass_FailsWithNotInstantiable()
    {
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount)
            .Replace("public sealed class WeekdayGroupDiscount : ITicketPricingRule", "public sealed class WeekdayGroupDiscount<T> : ITicketPricingRule", StringComparison.Ordinal);

        var result = _compiler.Compile(source, TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal("PA0206", Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Compile_TwoImplementations_FailsWithSeveralCandidates()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.TwoPricingRules), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.Equal("PA0204", Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Compile_CancelledToken_ThrowsOperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => _compiler.Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount), TestExtensionPoints.Pricing(), AssemblyName, cancellation.Token));
    }

    [Fact]
    public void ImplicitUsings_PricingPoint_ImportsTheBaseNamespacesAndTheContractNamespace()
    {
        var usings = PluginCompiler.ImplicitUsings(TestExtensionPoints.Pricing());

        Assert.Contains("global using global::System;", usings, StringComparison.Ordinal);
        Assert.Contains("global using global::System.Linq;", usings, StringComparison.Ordinal);
        Assert.Contains("global using global::TicketKiosk.Contracts;", usings, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmUp_CancelledToken_ThrowsOperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _compiler.WarmUp(cancellation.Token));
    }
}
