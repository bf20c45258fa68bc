using System.Globalization;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.EndToEnd;

/// <summary>The kiosk's whole story with a scripted model: wish, approval, use, report, restart, change in words, revoke.</summary>
public sealed class TicketKioskStoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WholeStory_WishApproveUseRestartChangeRevoke_EveryStepShowsWhatItShould()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.DailyRevenueReport))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff));
        await using var first = await TestHost.StartAsync(_directory.StorePath, model, withSalesReport: true);
        var kiosk = first;
        var group = TestOrders.WeekdayGroup();

        // Anna asks; nothing is live before an admin approves.
        var wish = await kiosk.Personalizer.RequestAsync("anna", "20% off for groups of more than ten on weekdays");
        Assert.True(wish.IsPendingApproval, wish.ToString());
        var rule = wish.Plugin!.Value;
        Assert.Equal(240m, Price(kiosk, "anna", group));

        // The manager approves: live at once for Anna, not for Ben.
        await kiosk.Approvals.ApproveAsync(rule, "manager", "matches our group policy");
        Assert.Equal(192m, Price(kiosk, "anna", group));
        Assert.Equal(240m, Price(kiosk, "anna", TestOrders.Order(TestOrders.Saturday, adults: 12)));
        Assert.Equal(200m, Price(kiosk, "anna", TestOrders.Order(TestOrders.Tuesday, adults: 10)));
        Assert.Equal(240m, Price(kiosk, "ben", group));

        // A report, chosen from the wish.
        var report = await kiosk.Personalizer.RequestAsync("anna", "a daily revenue report");
        Assert.Equal("SalesReport", report.ExtensionPoint);
        await kiosk.Approvals.ApproveAsync(report.Plugin!.Value, "manager", "useful for the evening count");
        var printed = Assert.Single(kiosk.Features.GetAll<ISalesReport>("anna")).Instance.Render(Sales());
        Assert.Contains("Total  396.00", printed, StringComparison.Ordinal);

        // A restart brings both back.
        await using var restarted = await first.RestartAsync(withSalesReport: true);
        kiosk = restarted;
        Assert.Equal(192m, Price(kiosk, "anna", group));
        Assert.Single(kiosk.Features.GetAll<ISalesReport>("anna"));

        // A change in words: v1 stays live until v2 is approved.
        var change = await kiosk.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = rule.PluginId });
        Assert.Equal(2, change.Plugin!.Value.Version);
        Assert.Equal(192m, Price(kiosk, "anna", group));
        await kiosk.Approvals.ApproveAsync(change.Plugin.Value, "manager", "new group policy");
        Assert.Equal(180m, Price(kiosk, "anna", group));
        Assert.Equal(PluginStatus.Superseded, (await kiosk.Approvals.GetAsync(rule))!.Status);

        // The report is revoked.
        await kiosk.Approvals.RevokeAsync(report.Plugin.Value.PluginId, "manager", "replaced by the till's own report");
        Assert.Empty(kiosk.Features.GetAll<ISalesReport>("anna"));

        var actions = (await kiosk.Approvals.GetAuditLogAsync()).Select(e => e.Action).ToList();
        Assert.Equal(
            ["requested", "generated", "approved", "requested", "generated", "approved", "loaded", "loaded", "requested", "generated", "superseded", "approved", "revoked"],
            actions);
    }

    private static decimal Price(TestHost kiosk, string userId, TicketOrder order)
        => order.ListTotal - kiosk.Features.GetAll<ITicketPricingRule>(userId).Sum(r => r.Instance.Apply(order)?.Amount ?? 0m);

    private static List<TicketSale> Sales()
    {
        var monday = TestOrders.Monday;
        return
        [
            new(monday.ToDateTime(new TimeOnly(9, 30)), TestOrders.Order(monday, 2, 1), 50m),
            new(monday.ToDateTime(new TimeOnly(11, 5)), TestOrders.Order(monday, 12), 192m),
            new(monday.AddDays(1).ToDateTime(new TimeOnly(10, 0)), TestOrders.Order(monday.AddDays(1), 1, 0, 2), 44m),
            new(monday.AddDays(1).ToDateTime(new TimeOnly(15, 45)), TestOrders.Order(monday.AddDays(1), 4, 3), 110m),
        ];
    }
}
