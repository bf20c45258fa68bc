using System.Security.Cryptography;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

public sealed class PluginCompilerTests
{
    private const string AssemblyName = "PersonalApp.Plugin.tests.r000000000001";

    private readonly PluginCompiler _compiler = TestCompilers.Create();

    [Fact]
    public void Compile_ValidPricingRule_EmitsDllPdbHashAndTypeName()
    {
        var result = _compiler.Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount), TestExtensionPoints.Pricing(), AssemblyName, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var plugin = result.Plugin!;
        Assert.Equal(AssemblyName, plugin.AssemblyName);
        Assert.Equal("KioskPlugins.WeekdayGroupDiscount", plugin.TypeName);
        Assert.Equal("MZ", System.Text.Encoding.ASCII.GetString(plugin.Dll, 0, 2));
        Assert.Equal("BSJB", System.Text.Encoding.ASCII.GetString(plugin.Pdb, 0, 4));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plugin.Dll)), plugin.Sha256);
    }

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
