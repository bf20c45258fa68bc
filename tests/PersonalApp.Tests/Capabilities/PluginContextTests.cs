using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The context a plugin call sees: the user, and only the capabilities the admin granted.</summary>
public sealed class PluginContextTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Current_NoPluginCallInProgress_ThrowsInvalidOperationExceptionSayingWhere()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PluginContext.Current);

        Assert.Contains("only inside the contract's methods", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_CapabilityNotGranted_ThrowsPluginCapabilityExceptionNamingItAndWhatToDo()
    {
        var refused = new List<string>();
        var context = new PluginContext("rule-1", 2, "anna", storage: null, clock: null, log: null, http: null, refused.Add);

        var ex = Assert.Throws<PluginCapabilityException>(context.Require<IPluginStorage>);

        Assert.Equal(CapabilityNames.Storage, ex.Capability);
        Assert.Contains("rule-1 v2 was not granted the 'storage' capability", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[UsesCapabilities(\"storage\")]", ex.Message, StringComparison.Ordinal);
        Assert.Equal([CapabilityNames.Storage], refused);
    }

    [Fact]
    public void Require_TypeThatIsNotACapability_ThrowsArgumentException()
    {
        var context = new PluginContext("rule-1", 1, "anna", null, null, null, null);

        Assert.Throws<ArgumentException>(context.Require<string>);
    }

    [Fact]
    public void IsGranted_UnknownName_IsFalse()
    {
        var context = new PluginContext("rule-1", 1, "anna", null, null, null, null);

        Assert.False(context.IsGranted("files"));
        Assert.False(context.IsGranted(CapabilityNames.Clock));
    }

    [Fact]
    public async Task Call_CapabilityAskedForButNotGranted_IsAbsentAndRequireRefuses()
    {
        var source = StorageCapabilityTests.Rule("""
            var context = PluginContext.Current;
            if (context.Storage is null && !context.IsGranted("storage"))
            {
                context.Require<IPluginStorage>();
            }

            return new PriceAdjustment(0m, "granted");
            """);
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)));
        var key = await host.RequestAndApproveAsync("anna", "remember something", grants: []);
        Assert.Equal([CapabilityNames.Storage], (await host.Approvals.GetAsync(key))!.RequestedCapabilities);
        Assert.Empty((await host.Approvals.GetAsync(key))!.GrantedCapabilities);

        var outcome = Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
        Assert.Contains("was not granted the 'storage' capability", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
        Assert.Equal(0L, RawSql.Scalar(host.StorePath, "SELECT COUNT(*) FROM plugin_data"));
        var usage = Assert.Single(await host.Approvals.GetCapabilityUsageAsync(key.PluginId));
        Assert.Equal((0L, 1L), (usage.Uses, usage.Refused));
    }

    [Fact]
    public async Task Call_ThroughTheContractProxy_RefusalSurfacesAsPluginInvocationExceptionWithTheReason()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.OrderCounter)));
        await host.RequestAndApproveAsync("anna", "count my orders", grants: []);

        var ex = Assert.Throws<PluginInvocationException>(() => Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup()));

        Assert.Contains("not granted the 'storage' capability", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_OnBehalfOfAUser_SeesTheirIdAndAContextOnlyDuringTheCall()
    {
        var source = """
            namespace KioskPlugins;

            public sealed class WhoAmI : ITicketPricingRule
            {
                public string Name => "who am i";

                public PriceAdjustment? Apply(TicketOrder order)
                    => new PriceAdjustment(0m, PluginContext.Current.UserId + "@" + PluginContext.Current.PluginId + " v" + PluginContext.Current.Version);
            }
            """;
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)));
        var key = await host.RequestAndApproveAsync("anna", "tell me who I am");

        var reason = Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Reason;

        Assert.Equal($"anna@{key.PluginId} v1", reason);
        Assert.Throws<InvalidOperationException>(() => PluginContext.Current);
    }
}
