using PersonalApp.ExtensionPoints;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.ExtensionPoints;

public sealed class ExtensionPointRegistryTests
{
    [Fact]
    public void Add_InterfaceWithAttribute_TakesNameDescriptionAndKeywords()
    {
        var registry = new ExtensionPointRegistry();

        var point = registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions());

        Assert.Equal("TicketPricingRule", point.Name);
        Assert.StartsWith("A pricing rule: looks at a ticket order", point.Description, StringComparison.Ordinal);
        Assert.Contains("discount", point.Keywords);
        Assert.Contains("weekday", point.Keywords);
        Assert.Same(point, Assert.Single(registry.All));
    }

    [Fact]
    public void Add_OptionsGiveNameAndDescription_OptionsWin()
    {
        var registry = new ExtensionPointRegistry();
        var options = new ExtensionPointOptions { Name = "Pricing", Description = "Staff pricing rules." };
        options.Keywords.Add("Promo");

        var point = registry.Add(typeof(ITicketPricingRule), options);

        Assert.Equal("Pricing", point.Name);
        Assert.Equal("Staff pricing rules.", point.Description);
        Assert.Contains("promo", point.Keywords);
    }

    [Fact]
    public void Add_NotAnInterface_ThrowsArgumentException()
    {
        var registry = new ExtensionPointRegistry();

        var ex = Assert.Throws<ArgumentException>(() => registry.Add(typeof(TicketOrder), new ExtensionPointOptions()));

        Assert.Contains("public, non-generic interface", ex.Message, StringComparison.Ordinal);
        Assert.Empty(registry.All);
    }

    [Fact]
    public void Add_SameContractTwice_ThrowsArgumentException()
    {
        var registry = new ExtensionPointRegistry();
        registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions());

        Assert.Throws<ArgumentException>(() => registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions { Name = "Other" }));
        Assert.Single(registry.All);
    }

    [Fact]
    public void Add_SameNameTwice_ThrowsArgumentException()
    {
        var registry = new ExtensionPointRegistry();
        registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions { Name = "Kiosk" });

        var ex = Assert.Throws<ArgumentException>(() => registry.Add(typeof(ISalesReport), new ExtensionPointOptions { Name = "kiosk" }));

        Assert.Contains("declared twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TicketPricingRule")]
    [InlineData("ticketpricingrule")]
    [InlineData("ITicketPricingRule")]
    [InlineData("TicketKiosk.Contracts.ITicketPricingRule")]
    public void FindByName_NameOrContractName_FindsThePoint(string name)
    {
        var registry = new ExtensionPointRegistry();
        var pricing = registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        registry.Add(typeof(ISalesReport), new ExtensionPointOptions());

        Assert.Same(pricing, registry.FindByName(name));
    }

    [Fact]
    public void FindByName_Unknown_ReturnsNull()
    {
        var registry = new ExtensionPointRegistry();
        registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions());

        Assert.Null(registry.FindByName("LoyaltyCard"));
    }

    [Fact]
    public void FindByContract_FullName_FindsThePoint()
    {
        var registry = new ExtensionPointRegistry();
        registry.Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        var report = registry.Add(typeof(ISalesReport), new ExtensionPointOptions());

        Assert.Same(report, registry.FindByContract(typeof(ISalesReport).FullName!));
        Assert.Null(registry.FindByContract("TicketKiosk.Contracts.Missing"));
    }
}
