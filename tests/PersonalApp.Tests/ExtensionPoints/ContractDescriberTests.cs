using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Tests.TestUtilities;
using PersonalApp.Tests.TestUtilities.Contracts;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.ExtensionPoints;

public sealed class ContractDescriberTests
{
    [Fact]
    public void Describe_PricingRule_ContainsTheInterfaceMemberSignatures()
    {
        var text = ContractDescriber.Describe(typeof(ITicketPricingRule));

        Assert.Contains("public interface ITicketPricingRule", text, StringComparison.Ordinal);
        Assert.Contains("PriceAdjustment? Apply(TicketOrder order);", text, StringComparison.Ordinal);
        Assert.Contains("string Name { get; }", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_PricingRule_ContainsTheRecordsItUsesWithTheirParameters()
    {
        var text = ContractDescriber.Describe(typeof(ITicketPricingRule));

        Assert.Contains(
            "public sealed record TicketOrder(DateOnly VisitDate, int Adults, int Children, int Seniors, decimal AdultPrice, decimal ChildPrice, decimal SeniorPrice)",
            text,
            StringComparison.Ordinal);
        Assert.Contains("public sealed record PriceAdjustment(decimal Amount, string Reason)", text, StringComparison.Ordinal);
        Assert.Contains("public int GroupSize { get; }", text, StringComparison.Ordinal);
        Assert.Contains("public decimal ListTotal { get; }", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_PricingRule_ContainsTheXmlDocumentationFromTheContractAssembly()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "TicketKiosk.Contracts.xml")), "the contract's XML documentation ships beside its DLL");

        var text = ContractDescriber.Describe(typeof(ITicketPricingRule));

        Assert.Contains("/// <summary>A ticket order at the kiosk, before any pricing rule is applied.</summary>", text, StringComparison.Ordinal);
        Assert.Contains("/// <summary>Decides whether the rule applies to an order and by how much.</summary>", text, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"order\">The order to price. Never null.</param>", text, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"VisitDate\">The day of the visit. Use it for weekday and season rules.</param>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_SalesReport_ReachesTicketOrderThroughTicketSale()
    {
        var text = ContractDescriber.Describe(typeof(ISalesReport));

        Assert.Contains("string Render(IReadOnlyList<TicketSale> sales);", text, StringComparison.Ordinal);
        Assert.Contains("public sealed record TicketSale(DateTime SoldAt, TicketOrder Order, decimal Paid)", text, StringComparison.Ordinal);
        Assert.Contains("public sealed record TicketOrder(", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectTypes_PricingRule_ListsOnlyHostTypesContractFirst()
    {
        var types = ContractDescriber.CollectTypes(typeof(ITicketPricingRule));

        Assert.Equal(typeof(ITicketPricingRule), types[0]);
        Assert.Equal(
            new[] { typeof(ITicketPricingRule), typeof(PriceAdjustment), typeof(TicketOrder) }.OrderBy(t => t.Name),
            types.OrderBy(t => t.Name));
    }

    [Fact]
    public void ContractText_OfADeclaredExtensionPoint_IsTheDescribedContract()
    {
        var pricing = TestExtensionPoints.Pricing();

        Assert.Equal(ContractDescriber.Describe(typeof(ITicketPricingRule)), pricing.ContractText);
        Assert.Contains("PriceAdjustment? Apply(TicketOrder order);", pricing.ContractText, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_OutRefAndInParameters_AreRenderedAsCSharp()
    {
        var text = ContractDescriber.Describe(typeof(IOutParameterRule));

        Assert.Contains("bool TryApply(TicketOrder order, out PriceAdjustment? adjustment);", text, StringComparison.Ordinal);
        Assert.Contains("void Accumulate(ref int count, in decimal rate);", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Event_IsDeclared()
    {
        var text = ContractDescriber.Describe(typeof(IEventRaisingRule));

        Assert.Contains("event EventHandler? Changed;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Indexer_IsRenderedAsAnIndexer()
    {
        var text = ContractDescriber.Describe(typeof(IIndexedRule));

        Assert.Contains("decimal this[string ticketClass] { get; }", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ConstrainedGenericMethod_KeepsItsConstraint()
    {
        var text = ContractDescriber.Describe(typeof(IGenericMethodRule));

        Assert.Contains("T? Pick<T>(IReadOnlyList<T> items)", text, StringComparison.Ordinal);
        Assert.Contains("where T : class", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_KioskContracts_ParseAsCSharpWithoutErrors()
    {
        // The text is meant to be C# the model can follow.
        foreach (var contract in new[] { typeof(ITicketPricingRule), typeof(ISalesReport) })
        {
            var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(ContractDescriber.Describe(contract), PluginCompiler.ParseOptions);

            Assert.DoesNotContain(tree.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        }
    }
}
