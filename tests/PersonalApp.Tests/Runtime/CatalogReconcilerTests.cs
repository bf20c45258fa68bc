using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Runtime;

/// <summary>
/// The reconciler on its own, in one process: the catalog is changed behind the runtime's back (as another node would),
/// a hand-written feed says so, and the node follows: loads, unloads, re-shares.
/// </summary>
public sealed class CatalogReconcilerTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Notice_VersionApprovedElsewhere_IsLoadedAndCallableHere()
    {
        var feed = new FakeChangeFeed();
        await using var host = await StartAsync(feed);
        var key = await RequestAsync(host);

        // The reconciler's first pass (everything, once connected) must be behind us, or it could load the version itself.
        var reconciler = host.Services.GetRequiredService<CatalogReconciler>();
        await Eventually.WaitUntilAsync(() => reconciler.Passes > 0, "the first pass after connecting has run");
        new PluginLifecycle(host.Services.GetRequiredService<IPluginCatalog>()).Approve(key, "manager", "on another node", [], PluginPlacement.InProcess);
        Assert.Empty(host.Rules("anna"));
        feed.Publish(key.PluginId);

        await Eventually.WaitUntilAsync(() => host.Rules("anna").Any(r => r.Key == key), "the version approved elsewhere is live here");
        Assert.False(string.IsNullOrEmpty(host.Rules("anna").Single().Instance.Name));
    }

    [Fact]
    public async Task Notice_VersionRevokedElsewhere_IsUnloadedHere()
    {
        var feed = new FakeChangeFeed();
        await using var host = await StartAsync(feed);
        var key = await RequestAsync(host);
        await host.Approvals.ApproveAsync(key, "manager", "here");

        new PluginLifecycle(host.Services.GetRequiredService<IPluginCatalog>()).Revoke(key, "boss", "on another node");
        feed.Publish(key.PluginId);

        await Eventually.WaitUntilAsync(() => host.Rules("anna").Count == 0, "the version revoked elsewhere is gone here");
        Assert.Equal(0, host.Runtime.ActiveCount);
    }

    [Fact]
    public async Task Notice_AudienceChangedElsewhere_IsAppliedHere()
    {
        var feed = new FakeChangeFeed();
        await using var host = await StartAsync(feed);
        var key = await RequestAsync(host);
        await host.Approvals.ApproveAsync(key, "manager", "here");
        Assert.Empty(host.Rules("ben"));

        host.Services.GetRequiredService<IPluginCatalog>().SetAudience(key.PluginId, key.Version, PluginAudience.Everyone, "boss", "on another node");
        feed.Publish(key.PluginId);

        await Eventually.WaitUntilAsync(() => host.Rules("ben").Any(r => r.Key == key), "the plugin shared elsewhere is shared here");
    }

    [Fact]
    public async Task Everything_ChangesMissedWhileAway_AreAllApplied()
    {
        var feed = new FakeChangeFeed();
        await using var host = await StartAsync(feed);
        var key = await RequestAsync(host);
        var reconciler = host.Services.GetRequiredService<CatalogReconciler>();
        await Eventually.WaitUntilAsync(() => reconciler.Passes > 0, "the first pass after connecting has run");

        // No notice for the plugin (it was lost with a connection); the reconnect says "look at everything".
        new PluginLifecycle(host.Services.GetRequiredService<IPluginCatalog>()).Approve(key, "manager", "on another node", [], PluginPlacement.InProcess);
        feed.Publish(null);

        await Eventually.WaitUntilAsync(() => host.Rules("anna").Any(r => r.Key == key), "the missed approval is live here");
    }

    private static async Task<PluginVersionKey> RequestAsync(TestHost host)
    {
        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));
        Assert.True(result.IsPendingApproval, result.ToString());
        return result.Plugin!.Value;
    }

    [Theory]
    [InlineData(PlacementDefault.Isolated, true)]
    [InlineData(PlacementDefault.InProcess, false)]
    public async Task Start_NodeThatIsolatesByDefault_WarmsItsWorkersBeforeAnyApproval(PlacementDefault placement, bool warms)
    {
        var feed = new FakeChangeFeed();
        await using var host = await StartAsync(feed, o => o.DefaultPlacement = placement);
        var pool = host.Services.GetRequiredService<PersonalApp.Isolation.WorkerPool>();

        if (warms)
        {
            await Eventually.WaitUntilAsync(() => pool.Report.WorkersAlive > 0, "a worker is warm before anything is approved");
        }
        else
        {
            // The reconciler's first pass over the catalog has run (the feed's "everything" came first), and it started no worker.
            var key = await RequestAsync(host);
            new PluginLifecycle(host.Services.GetRequiredService<IPluginCatalog>()).Approve(key, "manager", "on another node", [], PluginPlacement.InProcess);
            feed.Publish(key.PluginId);
            await Eventually.WaitUntilAsync(() => host.Rules("anna").Any(r => r.Key == key), "the version approved elsewhere is live here");
            Assert.Equal(0, pool.Report.WorkersAlive);
        }
    }

    private Task<TestHost> StartAsync(FakeChangeFeed feed, Action<PersonalizationOptions>? configure = null)
        => TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient { Fallback = _ => PluginSources.Fenced(PluginSources.WeekdayGroupDiscount) }, configure, services: s =>
        {
            s.AddSingleton<ICatalogChangeFeed>(feed);
            s.AddSingleton(new CatalogReconcilerOptions(TimeSpan.FromHours(1)));
            s.AddSingleton<CatalogReconciler>();
            s.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CatalogReconciler>());
        });

    /// <summary>A change feed the test speaks through: "look at everything" on connect, then what the test publishes.</summary>
    private sealed class FakeChangeFeed : ICatalogChangeFeed
    {
        private readonly Channel<CatalogNotice> _notices = Channel.CreateUnbounded<CatalogNotice>();

        public void Publish(string? pluginId) => _notices.Writer.TryWrite(pluginId is null ? CatalogNotice.Everything : new CatalogNotice(pluginId));

        public async IAsyncEnumerable<CatalogNotice> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return CatalogNotice.Everything;
            await foreach (var notice in _notices.Reader.ReadAllAsync(cancellationToken))
            {
                yield return notice;
            }
        }
    }
}
