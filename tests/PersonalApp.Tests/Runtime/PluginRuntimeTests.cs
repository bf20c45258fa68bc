using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Runtime;

/// <summary>The live plugins: who gets which, real unloading, hot swap, and what a restart brings back.</summary>
public sealed class PluginRuntimeTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetAll_TwoUsers_KeepsEachUsersPluginsApart()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount);
        var annas = await host.RequestAndApproveAsync("anna", Wish);
        var bens = await host.RequestAndApproveAsync("ben", "seniors get 10% off on Mondays");

        Assert.Equal(annas, Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna")).Key);
        Assert.Equal(bens, Assert.Single(host.Features.GetAll<ITicketPricingRule>("ben")).Key);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("carla"));
        Assert.Equal(0m, DiscountFor(host.Features, "ben", TestOrders.WeekdayGroup()));
        Assert.Equal(48m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
    }

    [Fact]
    public async Task GetAll_OtherContract_ReturnsNothing()
    {
        await using var host = await StartAsync([PluginSources.WeekdayGroupDiscount], withSalesReport: true);
        await host.RequestAndApproveAsync("anna", Wish);

        Assert.Empty(host.Features.GetAll<ISalesReport>("anna"));
        Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
    }

    [Fact]
    public async Task GetAll_BlankUser_ThrowsArgumentException()
    {
        await using var host = await StartAsync();

        Assert.ThrowsAny<ArgumentException>(() => host.Features.GetAll<ITicketPricingRule>(" "));
    }

    [Fact]
    public async Task GetAll_TwoRulesOfOneUser_ReturnsThemOldestFirst()
    {
        await using var host = await StartAsync();
        var compiler = TestCompilers.Create();
        var pricing = host.Personalizer.ExtensionPoints[0];

        // Plugin ids are random; store two whose ids sort the other way round from their age.
        var older = InsertCompiled(host.Store, compiler, pricing, "zz-older", PluginSources.WeekdayGroupDiscount);
        var newer = InsertCompiled(host.Store, compiler, pricing, "aa-newer", PluginSources.MondaySeniorDiscount);
        await host.Approvals.ApproveAsync(older, "manager");
        await host.Approvals.ApproveAsync(newer, "manager");

        Assert.Equal([older, newer], host.Features.GetAll<ITicketPricingRule>("anna").Select(f => f.Key));
    }

    [Fact]
    public async Task GetAll_LaterRevoke_DoesNotChangeTheReturnedSnapshot()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount);
        var key = await host.RequestAndApproveAsync("anna", Wish);
        var snapshot = host.Features.GetAll<ITicketPricingRule>("anna");

        await host.Approvals.RevokeAsync(key.PluginId, "manager", "over");

        Assert.Single(snapshot);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
    }

    [Fact]
    public async Task Deactivate_RevokedPlugin_UnloadsItsLoadContext()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount);
        var key = await host.RequestAndApproveAsync("anna", Wish);
        Assert.Equal(48m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
        var context = LoadContextOf(host.Runtime, key.PluginId);

        await host.Approvals.RevokeAsync(key.PluginId, "manager", "the promotion is over");

        Assert.True(Unloading.IsCollected(context), "the revoked version's load context was collected");
        Assert.Equal(0, host.Runtime.PendingUnloads());
        Assert.Null(host.Runtime.LoadContextOf(key.PluginId));
    }

    [Fact]
    public async Task Activate_ReplacingAVersion_UnloadsTheOldLoadContext()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        Assert.Equal(48m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
        var v1Context = LoadContextOf(host.Runtime, v1.PluginId);

        var v2 = await host.RequestAndApproveAsync("anna", "make it 25% off", v1.PluginId);

        Assert.Equal(2, v2.Version);
        Assert.True(Unloading.IsCollected(v1Context), "the replaced version's load context was collected");
        Assert.Equal(60m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
        Assert.True(LoadContextOf(host.Runtime, v1.PluginId).IsAlive, "v2's own context is live");
    }

    [Fact]
    public async Task Activate_CallerHoldingTheReplacedInstance_CanStillCallIt()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var held = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna")).Instance;

        await host.RequestAndApproveAsync("anna", "make it 25% off", v1.PluginId);

        Assert.Equal(48m, held.Apply(TestOrders.WeekdayGroup())!.Amount);
        Assert.Equal("Weekday groups of more than 10: 20% off", held.Name);
        Assert.Equal(60m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
    }

    [Fact]
    public async Task Load_NoPluginDirectory_LoadsFromTheStoredBytesWithoutWritingFiles()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount);

        await host.RequestAndApproveAsync("anna", Wish);

        Assert.Equal(48m, DiscountFor(host.Features, "anna", TestOrders.WeekdayGroup()));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "plugins")));
    }

    [Fact]
    public async Task EnsureInitialized_AfterRestart_LoadsApprovedFeaturesAndLeavesPendingOnesPending()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount);
        var approved = await host.RequestAndApproveAsync("anna", Wish);
        var pending = (await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "seniors get 10% off on Mondays"))).Plugin!.Value;

        await using var restarted = await host.RestartAsync();

        Assert.Equal(approved, Assert.Single(restarted.Features.GetAll<ITicketPricingRule>("anna")).Key);
        Assert.Equal(48m, DiscountFor(restarted.Features, "anna", TestOrders.WeekdayGroup()));
        Assert.Equal(pending, Assert.Single(await restarted.Approvals.ListAsync()).Key);
        Assert.Empty(restarted.Features.GetAll<ITicketPricingRule>("ben"));
        Assert.Contains(await restarted.Approvals.GetAuditLogAsync(approved.PluginId), e => e.Action == "loaded" && e.Actor == "system");
    }

    [Fact]
    public async Task StartAsync_ActiveVersionsOfOneExtensionPoint_LoadsOneInTheBackgroundToWarmTheLoadPath()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount);
        var anna = await host.RequestAndApproveAsync("anna", Wish);
        var ben = await host.RequestAndApproveAsync("ben", "seniors get 10% off on Mondays");

        await using var restarted = await host.RestartAsync();
        await restarted.Runtime.WarmedUp.WaitAsync(TimeSpan.FromSeconds(60));

        var warmed = Assert.Single(new[] { anna, ben }, k => restarted.Runtime.LoadContextOf(k.PluginId) is not null);
        Assert.Contains(await restarted.Approvals.GetAuditLogAsync(warmed.PluginId), e => e.Action == "loaded" && e.Actor == "system");
        Assert.Equal(anna, Assert.Single(restarted.Features.GetAll<ITicketPricingRule>("anna")).Key);
        Assert.Equal(ben, Assert.Single(restarted.Features.GetAll<ITicketPricingRule>("ben")).Key);
    }

    [Fact]
    public async Task EnsureInitialized_DllTamperedInTheStore_QuarantinesInsteadOfLoading()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount);
        var key = await host.RequestAndApproveAsync("anna", Wish);
        await host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Tamper.WithDll(host.StorePath, key);

        await using var restarted = await host.RestartAsync();

        Assert.Empty(restarted.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(0, restarted.Runtime.ActiveCount);
        var version = await restarted.Approvals.GetAsync(key);
        Assert.Equal(PluginStatus.Quarantined, version!.Status);
        var entry = Assert.Single(await restarted.Approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "quarantined");
        Assert.Equal("system", entry.Actor);
        Assert.Contains(version.Sha256, entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await restarted.Approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "loaded");
    }

    [Fact]
    public async Task EnsureInitialized_QuarantinedVersion_StaysQuarantinedAndCannotBeApproved()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount);
        var key = await host.RequestAndApproveAsync("anna", Wish);
        await host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Tamper.WithDll(host.StorePath, key);
        await using var quarantined = await host.RestartAsync();

        await using var again = await quarantined.RestartAsync();

        Assert.Equal(PluginStatus.Quarantined, (await again.Approvals.GetAsync(key))!.Status);
        Assert.Single(await again.Approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "quarantined");
        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => again.Approvals.ApproveAsync(key, "manager"));
        Assert.Equal("PA0502", ex.DiagnosticId);
    }

    [Fact]
    public async Task EnsureInitialized_AfterReplaceAndRevoke_LoadsOnlyWhatIsActive()
    {
        await using var host = await StartAsync(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff, PluginSources.MondaySeniorDiscount);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = await host.RequestAndApproveAsync("anna", "make it 25% off", v1.PluginId);
        var revoked = await host.RequestAndApproveAsync("anna", "seniors get 10% off on Mondays");
        await host.Approvals.RevokeAsync(revoked.PluginId, "manager", "over");

        await using var restarted = await host.RestartAsync();

        Assert.Equal(v2, Assert.Single(restarted.Features.GetAll<ITicketPricingRule>("anna")).Key);
        Assert.Equal(60m, DiscountFor(restarted.Features, "anna", TestOrders.WeekdayGroup()));
        Assert.Equal(1, restarted.Runtime.ActiveCount);
    }

    [Fact]
    public async Task EnsureInitialized_ContractNoLongerDeclared_AuditsLoadFailedAndLoadsTheRest()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.DailyRevenueReport));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, withSalesReport: true);
        var rule = await host.RequestAndApproveAsync("anna", Wish);
        var report = await host.RequestAndApproveAsync("anna", "a daily revenue report");

        await using var restarted = await host.RestartAsync(withSalesReport: false);

        Assert.Equal(rule, Assert.Single(restarted.Features.GetAll<ITicketPricingRule>("anna")).Key);
        var failed = Assert.Single(await restarted.Approvals.GetAuditLogAsync(report.PluginId), e => e.Action == "load-failed");
        Assert.Equal("system", failed.Actor);
        Assert.Contains("PA0402", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(PluginStatus.Active, (await restarted.Approvals.GetAsync(report))!.Status);
        var change = await restarted.Personalizer.RequestAsync(new PersonalizationRequest("anna", "add the visitors") { PluginId = report.PluginId });
        Assert.Equal("PA0104", Assert.Single(change.Diagnostics).Id);
    }

    [Fact]
    public async Task GetAll_NewServiceProviderWithoutAHost_LoadsTheActiveVersionsOnFirstUse()
    {
        await using (var host = await StartAsync(PluginSources.WeekdayGroupDiscount))
        {
            await host.RequestAndApproveAsync("anna", Wish);
        }

        var services = new ServiceCollection();
        services.AddChatClient(new ScriptedChatClient());
        services.AddPersonalization(o => { o.StorePath = _directory.StorePath; o.DefaultPlacement = PlacementDefault.InProcess; }).AddExtensionPoint<ITicketPricingRule>();
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(48m, DiscountFor(provider.GetRequiredService<IPersonalFeatures>(), "anna", TestOrders.WeekdayGroup()));
    }

    [Fact]
    public async Task Load_PluginDirectoryOption_WritesTheVersionThereAndRevokeDeletesIt()
    {
        var pluginDirectory = _directory.Combine("live-plugins");
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o => o.PluginDirectory = pluginDirectory);

        var key = await host.RequestAndApproveAsync("anna", Wish);
        var folder = Path.Combine(pluginDirectory, key.PluginId, "1");
        Assert.Single(Directory.GetFiles(folder, "*.dll"));
        var pdb = Assert.Single(Directory.GetFiles(folder, "*.pdb"));

        // Versions are stored without symbols; the folder is for a debugger, so it gets a portable PDB with the source.
        using (var symbols = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb)))
        {
            var reader = symbols.GetMetadataReader();
            Assert.NotEmpty(reader.Documents);
            Assert.NotEmpty(reader.CustomDebugInformation);
        }

        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "plugins")));

        await host.Approvals.RevokeAsync(key.PluginId, "manager", "over");

        Assert.False(Directory.Exists(folder));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadContextOf(PluginRuntime runtime, string pluginId)
        => runtime.LoadContextOf(pluginId) ?? throw new InvalidOperationException($"{pluginId} is not loaded.");

    /// <summary>Prices an order with the user's live rules without leaving a reference to any plugin instance behind.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static decimal DiscountFor(IPersonalFeatures features, string userId, TicketOrder order)
        => features.GetAll<ITicketPricingRule>(userId).Sum(f => f.Instance.Apply(order)?.Amount ?? 0m);

    private static PluginVersionKey InsertCompiled(SqlitePluginCatalog store, PluginCompiler compiler, PersonalApp.ExtensionPoints.ExtensionPoint pricing, string pluginId, string fixture)
    {
        var source = PluginSources.Read(fixture);
        var compiled = compiler.Compile(source, pricing, "PersonalApp.Plugin." + pluginId.Replace('-', '_'), CancellationToken.None).Plugin!;
        var requestId = Guid.NewGuid().ToString("N");
        store.InsertRequest(requestId, "anna", fixture, pricing.Name, pluginId);
        return store.InsertVersion(new NewPluginVersion(
            pluginId, requestId, pricing.Name, pricing.ContractType.FullName!, "anna", fixture, source, compiled, "scripted", 0, 1, 1, []));
    }

    private Task<TestHost> StartAsync(params string[] answers) => StartAsync(answers, withSalesReport: false);

    private Task<TestHost> StartAsync(string[] answers, bool withSalesReport)
    {
        var model = new ScriptedChatClient();
        foreach (var answer in answers)
        {
            model.Reply(PluginSources.Fenced(answer));
        }

        return TestHost.StartAsync(_directory.StorePath, model, withSalesReport: withSalesReport);
    }
}
