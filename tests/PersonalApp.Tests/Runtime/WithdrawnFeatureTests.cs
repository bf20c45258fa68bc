using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Runtime;

/// <summary>What a revocation does to features handed out before it, and a store that could not open at first.</summary>
public sealed class WithdrawnFeatureTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Invoke_FeatureFetchedBeforeRevokeAsync_NoLongerRunsTheRevokedVersion()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var key = await host.RequestAndApproveAsync("anna", Wish);
        var feature = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.True(feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup())).IsCompleted);

        await host.Approvals.RevokeAsync(key.PluginId, "manager", "the promotion is over");
        var outcome = feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup()));

        Assert.Equal(PluginOutcomeKind.Disabled, outcome.Kind);
        Assert.Contains("revoked", outcome.Message, StringComparison.Ordinal);
        Assert.Throws<PluginInvocationException>(() => feature.Instance.Apply(TestOrders.WeekdayGroup()));
    }

    [Fact]
    public async Task Invoke_FeatureFetchedBeforeANewerVersionWasApproved_StillFinishesItsWork()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var old = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        var v2 = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId })).Plugin!.Value;

        await host.Approvals.ApproveAsync(v2, "manager", "fine");

        Assert.True(old.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup())).IsCompleted);
    }

    [Fact]
    public void EnsureOpen_AfterAFailedFirstOpen_TriesAgainOnceTheCauseIsGone()
    {
        // A file where the store's folder should be: the first open fails, as a full disk or a locked folder would.
        var blocker = Path.Combine(_directory.Path, "blocked");
        File.WriteAllText(blocker, "not a folder");
        var catalog = new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = Path.Combine(blocker, "personalapp.db") }), TimeProvider.System);
        var first = Assert.Throws<PersonalizationException>(catalog.EnsureOpen);
        Assert.Equal("PA0601", first.DiagnosticId);

        File.Delete(blocker);
        catalog.EnsureOpen();

        Assert.Empty(catalog.List(null));
    }
}
