using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The storage capability through real plugins: one key-value space per plugin and user, in the catalog's database, within quotas.</summary>
public sealed class StorageCapabilityTests : IDisposable
{
    private static readonly string[] Storage = [CapabilityNames.Storage];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Increment_AfterARestartOfTheHost_ContinuesFromTheStoredValue()
    {
        await using var first = await TestHost.StartAsync(_directory.StorePath, Answers(PluginSources.OrderCounter));
        var host = first;
        await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        Assert.Equal("order 1 of anna", Reason(host, "anna"));
        Assert.Equal("order 2 of anna", Reason(host, "anna"));

        host = await host.RestartAsync();
        await using var _ = host;

        Assert.Equal("order 3 of anna", Reason(host, "anna"));
        Assert.Equal("3", RawSql.Scalar(host.StorePath, "SELECT value FROM plugin_data WHERE user_id = 'anna' AND key = 'orders'"));
    }

    [Fact]
    public async Task Increment_InTheNextVersionOfThePlugin_SeesTheDataOfThePreviousOne()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, Answers(PluginSources.OrderCounter, PluginSources.OrderCounterEveryThirdOff));
        var v1 = await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        Reason(host, "anna");
        Reason(host, "anna");

        var v2 = await host.RequestAndApproveAsync("anna", "and give every third order 10% off", Storage, pluginId: v1.PluginId);

        var feature = Assert.Single(host.Rules("anna"));
        Assert.Equal(v2, feature.Key);
        var third = feature.Instance.Apply(TestOrders.WeekdayGroup())!;
        Assert.Equal("order 3 (v2)", third.Reason);
        Assert.Equal(24m, third.Amount);
    }

    [Fact]
    public async Task Increment_TwoUsersOfASharedPlugin_EachHasTheirOwnData()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, Answers(PluginSources.OrderCounter));
        var key = await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        await host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Everyone, "manager", "everyone counts");

        Assert.Equal("order 1 of anna", Reason(host, "anna"));
        Assert.Equal("order 2 of anna", Reason(host, "anna"));
        Assert.Equal("order 1 of ben", Reason(host, "ben"));
        Assert.Equal("order 3 of anna", Reason(host, "anna"));
    }

    [Fact]
    public async Task Increment_TwoPluginsOfOneUser_EachHasItsOwnData()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, Answers(PluginSources.OrderCounter, PluginSources.OrderCounter));
        var first = await host.RequestAndApproveAsync("anna", "count my orders", Storage);
        var second = await host.RequestAndApproveAsync("anna", "count my orders a second time", Storage);
        var rules = host.Rules("anna");

        var one = rules.Single(r => r.Key == first);
        var two = rules.Single(r => r.Key == second);
        one.Instance.Apply(TestOrders.WeekdayGroup());
        one.Instance.Apply(TestOrders.WeekdayGroup());

        Assert.Equal("order 1 of anna", two.Instance.Apply(TestOrders.WeekdayGroup())!.Reason);
        Assert.Equal("order 3 of anna", one.Instance.Apply(TestOrders.WeekdayGroup())!.Reason);
    }

    [Fact]
    public async Task Set_ValueLargerThanTheQuota_RefusesWithAPluginCapabilityException()
    {
        var source = Rule("PluginContext.Current.Require<IPluginStorage>().Set(\"big\", new string('x', 2000)); return null;");
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)), o => o.Capabilities.StorageMaxValueBytes = 1024);
        await host.RequestAndApproveAsync("anna", "remember something big", Storage);

        var outcome = Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
        var refusal = Assert.IsType<PluginCapabilityException>(outcome.Exception);
        Assert.Equal(CapabilityNames.Storage, refusal.Capability);
        Assert.Contains("1,024", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0L, RawSql.Scalar(host.StorePath, "SELECT COUNT(*) FROM plugin_data"));
    }

    [Fact]
    public async Task Set_MoreKeysThanTheQuota_RefusesTheOneTooMany()
    {
        var source = Rule("var s = PluginContext.Current.Require<IPluginStorage>(); s.Set(\"a\", \"1\"); s.Set(\"b\", \"2\"); s.Set(\"a\", \"3\"); s.Set(\"c\", \"4\"); return null;");
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)), o => o.Capabilities.StorageMaxKeysPerUser = 2);
        await host.RequestAndApproveAsync("anna", "remember three things", Storage);

        var outcome = Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        var refusal = Assert.IsType<PluginCapabilityException>(outcome.Exception);
        Assert.Contains("already keeps 2 keys", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("3", RawSql.Scalar(host.StorePath, "SELECT value FROM plugin_data WHERE key = 'a'"));
        Assert.Equal(2L, RawSql.Scalar(host.StorePath, "SELECT COUNT(*) FROM plugin_data"));
    }

    [Fact]
    public async Task GetSetRemoveKeys_OneCall_WorkTogether()
    {
        var source = Rule("""
            var s = PluginContext.Current.Require<IPluginStorage>();
            s.Set("visit:2", "b");
            s.Set("visit:1", "a");
            s.Set("note", "n");
            var removed = s.Remove("note");
            var again = s.Remove("note");
            return new PriceAdjustment(0m, string.Join(",", s.Keys("visit:")) + "|" + s.Get("visit:1") + "|" + (s.Get("note") ?? "null") + "|" + removed + again);
            """);
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)));
        await host.RequestAndApproveAsync("anna", "remember visits", Storage);

        Assert.Equal("visit:1,visit:2|a|null|TrueFalse", Reason(host, "anna"));
    }

    [Fact]
    public async Task Increment_ValueThatIsNotANumber_Refuses()
    {
        var source = Rule("var s = PluginContext.Current.Require<IPluginStorage>(); s.Set(\"n\", \"ten\"); s.Increment(\"n\"); return null;");
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)));
        await host.RequestAndApproveAsync("anna", "count in words", Storage);

        var outcome = Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        Assert.Contains("not a whole number", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_KeptInAFieldAndUsedInALaterCall_IsRefused()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, Answers(PluginSources.CapabilityKeptInField));
        await host.RequestAndApproveAsync("anna", "keep my storage", Storage);
        var feature = Assert.Single(host.Rules("anna"));

        var first = feature.Invoke(r => r.Apply(TestOrders.WeekdayGroup()));
        var second = feature.Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        Assert.Equal("seen 1", first.Value!.Reason);
        Assert.Equal(PluginOutcomeKind.Faulted, second.Kind);
        Assert.Contains("only during the call it was handed to", Assert.IsType<PluginCapabilityException>(second.Exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Increment_Refusals_AreCountedWithTheUses()
    {
        var source = Rule("var s = PluginContext.Current.Require<IPluginStorage>(); s.Increment(\"n\"); s.Get(\"n\"); s.Set(\"\", \"x\"); return null;");
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Answer(source)));
        var key = await host.RequestAndApproveAsync("anna", "use storage badly", Storage);

        Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        var usage = Assert.Single(await host.Approvals.GetCapabilityUsageAsync(key.PluginId));
        Assert.Equal(CapabilityNames.Storage, usage.Capability);
        Assert.Equal(2, usage.Uses);
        Assert.Equal(1, usage.Refused);
    }

    internal static string Rule(string body) => $$"""
        namespace KioskPlugins;

        [UsesCapabilities("storage")]
        public sealed class StorageRule : ITicketPricingRule
        {
            public string Name => "storage rule";

            public PriceAdjustment? Apply(TicketOrder order)
            {
                {{body}}
            }
        }
        """;

    private static string Reason(TestHost host, string userId) => Assert.Single(host.Rules(userId)).Instance.Apply(TestOrders.WeekdayGroup())!.Reason;

    private static ScriptedChatClient Answers(params string[] fixtures)
    {
        var model = new ScriptedChatClient();
        foreach (var fixture in fixtures)
        {
            model.Reply(PluginSources.Fenced(fixture));
        }

        return model;
    }
}
