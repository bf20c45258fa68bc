using PersonalApp.ExtensionPoints;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.ExtensionPoints;

public sealed class ExtensionPointSelectorTests
{
    [Theory]
    [InlineData("daily revenue report")]
    [InlineData("a report of the visitors per week")]
    [InlineData("print the sales totals")]
    public void Choose_WishAboutReports_ReturnsSalesReport(string wish)
    {
        var (pricing, report, _) = TestExtensionPoints.Both();

        var chosen = ExtensionPointSelector.Choose([pricing, report], wish);

        Assert.Same(report, Assert.Single(chosen));
    }

    [Theory]
    [InlineData("20% off for groups of more than ten on weekdays")]
    [InlineData("children go free on weekends")]
    [InlineData("a 10% surcharge on Saturdays")]
    public void Choose_WishAboutPrices_ReturnsPricingRule(string wish)
    {
        var (pricing, report, _) = TestExtensionPoints.Both();

        var chosen = ExtensionPointSelector.Choose([pricing, report], wish);

        Assert.Same(pricing, Assert.Single(chosen));
    }

    [Fact]
    public void Choose_WishMentionsNeither_ReturnsBoth()
    {
        var (pricing, report, _) = TestExtensionPoints.Both();

        var chosen = ExtensionPointSelector.Choose([pricing, report], "a loyalty card for members");

        Assert.Equal(2, chosen.Count);
    }

    [Fact]
    public void Choose_OnlyOnePoint_ReturnsItWhateverTheWish()
    {
        var pricing = TestExtensionPoints.Pricing();

        var chosen = ExtensionPointSelector.Choose([pricing], "a loyalty card for members");

        Assert.Same(pricing, Assert.Single(chosen));
    }
}
