using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Invoke_StoreLockedWhenAFailingPluginIsDisabled_NeverThrowsAndTheStoreCatchesUp()
    {
        const string failing = """
            namespace KioskPlugins;

            public sealed class AlwaysFails : ITicketPricingRule
            {
                public string Name => "Always fails";

                public PriceAdjustment? Apply(TicketOrder order) => throw new InvalidOperationException("this rule is broken");
            }
            """;
        var model = new ScriptedChatClient().Reply("```csharp\n" + failing + "\n```");
        ThrowingCatalog? catalog = null;
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IPluginCatalog>(sp =>
            catalog = new ThrowingCatalog(sp.GetRequiredService<SqlitePluginCatalog>())));
        var key = await host.RequestAndApproveAsync("anna", "a rule that fails");
        var feature = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        catalog!.Fail = name => name == nameof(IPluginCatalog.Apply) ? new SqliteException("database is locked", 5) : null;

        var outcomes = Enumerable.Range(0, 4).Select(_ => feature.Invoke(rule => rule.Apply(TestOrders.WeekdayGroup()))).ToList();

        Assert.Equal(PluginOutcomeKind.Faulted, outcomes[0].Kind);
        Assert.Equal(PluginOutcomeKind.Disabled, outcomes[^1].Kind);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(PluginStatus.Active, (await host.Approvals.GetAsync(key))!.Status);

        catalog.Fail = _ => null;
        var stored = PluginStatus.Active;
        for (var tries = 0; tries < 300 && stored != PluginStatus.Disabled; tries++)
        {
            await Task.Delay(100);
            stored = (await host.Approvals.GetAsync(key))!.Status;
        }

        Assert.Equal(PluginStatus.Disabled, stored);
    }

    [Fact]
    public async Task RestartAsync_OneVersionsRowIsDamaged_QuarantinesItWithAnAuditEntryAndServesTheRest()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.MondaySeniorDiscount));
        var host = await TestHost.StartAsync(_directory.StorePath, model);
        var damaged = await host.RequestAndApproveAsync("anna", Wish);
        var healthy = await host.RequestAndApproveAsync("anna", "seniors pay less on Mondays");
        RawSql.Execute(host.StorePath, "UPDATE plugin_versions SET placement = 'Nowhere' WHERE plugin_id = $id", ("$id", damaged.PluginId));

        await using var restarted = await host.RestartAsync();
        var live = restarted.Features.GetAll<ITicketPricingRule>("anna");

        Assert.Equal(healthy, Assert.Single(live).Key);
        Assert.Equal(PluginStatus.Quarantined, (await restarted.Approvals.GetAsync(damaged))?.Status ?? PluginStatus.Quarantined);
        Assert.Equal("Quarantined", RawSql.Scalar(restarted.StorePath, "SELECT status FROM plugin_versions WHERE plugin_id = $id", ("$id", damaged.PluginId)));
        Assert.Contains(await restarted.Approvals.GetAuditLogAsync(damaged.PluginId), e => e.Action == "quarantined" && e.Reason!.Contains("cannot be read", StringComparison.Ordinal));
    }
}
