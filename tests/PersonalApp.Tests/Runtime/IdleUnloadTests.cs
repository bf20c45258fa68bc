using System.Runtime.CompilerServices;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Runtime;

/// <summary>
/// <see cref="PersonalizationOptions.MaxLoadedInProcess"/>: past it, the versions handed out least recently are unloaded
/// (their load contexts collected) and load again, with every check, when next handed out; what a caller holds keeps
/// working, and a revocation still reaches it.
/// </summary>
public sealed class IdleUnloadTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetAll_MoreUsersThanTheLimit_UnloadsTheLeastRecentlyHandedOutAndLoadsItAgainOnUse()
    {
        await using var host = await StartAsync(limit: 2, rules: 3);
        var anna = await host.RequestAndApproveAsync("anna", "20% off for groups of more than ten on weekdays");
        var ben = await host.RequestAndApproveAsync("ben", "a fifth off for weekday groups over ten");
        var annasContext = ContextOf(host.Runtime, anna.PluginId);

        // The third approval goes past the limit: anna's, handed out least recently, is unloaded.
        var carl = await host.RequestAndApproveAsync("carl", "weekday groups above ten pay 80%");

        Assert.Equal(2, host.Runtime.LoadedInProcess);
        Assert.Null(host.Runtime.LoadContextOf(anna.PluginId));
        Assert.True(Unloading.IsCollected(annasContext), "the idle version's load context was collected");

        // Anna's next GetAll loads it again, with its checks; now ben's is the least recent and goes.
        Assert.Equal(48m, DiscountFor(host, "anna"));
        Assert.Equal(2, host.Runtime.LoadedInProcess);
        Assert.Null(host.Runtime.LoadContextOf(ben.PluginId));
        Assert.NotNull(host.Runtime.LoadContextOf(carl.PluginId));
        Assert.Equal(48m, DiscountFor(host, "ben"));
        Assert.Equal(48m, DiscountFor(host, "carl"));

        // The count the runtime keeps with each change agrees with what is really loaded.
        Assert.Equal(new[] { anna, ben, carl }.Count(k => host.Runtime.LoadContextOf(k.PluginId) is not null), host.Runtime.LoadedInProcess);

        var audit = await host.Approvals.GetAuditLogAsync(anna.PluginId);
        Assert.Contains(audit, e => e.Action == AuditActions.Loaded && e.Reason == "loaded again on use, after being unloaded while idle");
        Assert.Equal(PluginStatus.Active, host.Store.GetVersion(anna)!.Status);
    }

    [Fact]
    public async Task Feature_HeldWhileItsVersionIsUnloaded_KeepsWorkingUntilItIsRevoked()
    {
        await using var host = await StartAsync(limit: 1, rules: 2);
        var anna = await host.RequestAndApproveAsync("anna", "20% off for groups of more than ten on weekdays");
        var held = Assert.Single(host.Rules("anna"));

        await host.RequestAndApproveAsync("ben", "a fifth off for weekday groups over ten");
        Assert.Null(host.Runtime.LoadContextOf(anna.PluginId));
        var whileIdle = held.Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        await host.Approvals.RevokeAsync(anna.PluginId, "manager", "the promotion is over");
        var afterRevoke = held.Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

        Assert.True(whileIdle.IsCompleted, whileIdle.Message);
        Assert.Equal(48m, whileIdle.Value!.Amount);
        Assert.Equal(PluginOutcomeKind.Disabled, afterRevoke.Kind);
        Assert.Contains("was revoked after this feature was handed out", afterRevoke.Message, StringComparison.Ordinal);
        Assert.Empty(host.Rules("anna"));
    }

    [Fact]
    public async Task Feature_HeldWhileItsVersionIsUnloaded_FaultsDisableTheVersionEverywhere()
    {
        var faulty = PluginSources.Read(PluginSources.WeekdayGroupDiscount).Replace(
            "var day = order.VisitDate.DayOfWeek;",
            "if (order.Adults == 99) { throw new InvalidOperationException(\"no price for 99 adults\"); }\n        var day = order.VisitDate.DayOfWeek;",
            StringComparison.Ordinal);
        var model = new ScriptedChatClient().Reply(PluginSources.Answer(faulty)).Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o =>
        {
            o.MaxLoadedInProcess = 1;
            o.ReuseApprovedPlugins = false;
        });
        var anna = await host.RequestAndApproveAsync("anna", "20% off for groups of more than ten on weekdays");
        var held = Assert.Single(host.Rules("anna"));
        await host.RequestAndApproveAsync("ben", "a fifth off for weekday groups over ten");
        Assert.Null(host.Runtime.LoadContextOf(anna.PluginId));

        var ninetyNine = new TicketOrder(new DateOnly(2026, 12, 1), 99, 0, 0, 20m, 10m, 12m);
        var outcomes = Enumerable.Range(0, 4).Select(_ => held.Invoke(ninetyNine, static (rule, order) => rule.Apply(order))).ToList();

        Assert.Equal([PluginOutcomeKind.Faulted, PluginOutcomeKind.Faulted, PluginOutcomeKind.Faulted, PluginOutcomeKind.Disabled], outcomes.Select(o => o.Kind));
        Assert.Empty(host.Rules("anna"));
        Assert.Equal(PluginStatus.Disabled, host.Store.GetVersion(anna)!.Status);
        var audit = await host.Approvals.GetAuditLogAsync(anna.PluginId);
        Assert.DoesNotContain(audit, e => e.Action == AuditActions.Loaded);
    }

    [Fact]
    public async Task Revoke_VersionUnloadedWhileIdle_IsNeverLoadedAgain()
    {
        await using var host = await StartAsync(limit: 1, rules: 2);
        var anna = await host.RequestAndApproveAsync("anna", "20% off for groups of more than ten on weekdays");
        await host.RequestAndApproveAsync("ben", "a fifth off for weekday groups over ten");

        await host.Approvals.RevokeAsync(anna.PluginId, "manager", "the promotion is over");

        Assert.Empty(host.Rules("anna"));
        var audit = await host.Approvals.GetAuditLogAsync(anna.PluginId);
        Assert.DoesNotContain(audit, e => e.Action == AuditActions.Loaded);
        Assert.Equal(1, host.Runtime.LoadedInProcess);
    }

    [Fact]
    public async Task Restart_CatalogLargerThanTheLimit_EachUserIsServedAndAtMostTheLimitStayLoaded()
    {
        var first = await StartAsync(limit: 10, rules: 4);
        string[] users = ["anna", "ben", "carl", "dora"];
        foreach (var user in users)
        {
            await first.RequestAndApproveAsync(user, "weekday groups over ten: 20% off, for " + user);
        }

        await using var host = await first.RestartAsync(o => o.MaxLoadedInProcess = 2);
        foreach (var user in users.Concat(users))
        {
            Assert.Equal(48m, DiscountFor(host, user));
            Assert.True(host.Runtime.LoadedInProcess <= 2, $"{host.Runtime.LoadedInProcess} loaded after {user}'s call");
        }
    }

    private Task<TestHost> StartAsync(int limit, int rules)
    {
        var model = new ScriptedChatClient();
        for (var i = 0; i < rules; i++)
        {
            model.Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        }

        return TestHost.StartAsync(_directory.StorePath, model, o =>
        {
            o.MaxLoadedInProcess = limit;
            o.ReuseApprovedPlugins = false;
        });
    }

    /// <summary>Prices an order with the user's live rules without leaving a reference to any plugin instance behind.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static decimal DiscountFor(TestHost host, string userId)
        => host.Rules(userId).Sum(f => f.Instance.Apply(TestOrders.WeekdayGroup())?.Amount ?? 0m);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ContextOf(PluginRuntime runtime, string pluginId)
        => runtime.LoadContextOf(pluginId) ?? throw new InvalidOperationException($"{pluginId} is not loaded.");
}
