using PersonalApp.ExtensionPoints;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>The kiosk's extension points, declared the way a host declares them, for tests of single components.</summary>
internal static class TestExtensionPoints
{
    public const string PricingExampleWish = "Seniors get 10% off on Mondays";

    public const string ReportExampleWish = "Revenue for each day";

    public static ExtensionPoint Pricing() => Both().Pricing;

    public static ExtensionPoint Report() => Both().Report;

    public static (ExtensionPoint Pricing, ExtensionPoint Report, ExtensionPointRegistry Registry) Both()
    {
        var registry = new ExtensionPointRegistry();
        var pricing = registry.Add(typeof(ITicketPricingRule), PricingOptions());
        var report = registry.Add(typeof(ISalesReport), ReportOptions());
        return (pricing, report, registry);
    }

    public static ExtensionPointOptions PricingOptions()
    {
        var options = new ExtensionPointOptions();
        options.AddExample(PricingExampleWish, PluginSources.Read(PluginSources.MondaySeniorDiscount));
        return options;
    }

    public static ExtensionPointOptions ReportOptions()
    {
        var options = new ExtensionPointOptions();
        options.AddExample(ReportExampleWish, PluginSources.Read(PluginSources.DailyRevenueReport));
        return options;
    }

    public static void Configure(ExtensionPointOptions target, ExtensionPointOptions from)
    {
        foreach (var example in from.Examples)
        {
            target.AddExample(example.Wish, example.Source);
        }
    }
}
