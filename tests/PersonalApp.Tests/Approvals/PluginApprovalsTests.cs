using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Approvals;

/// <summary>The admin's side through <see cref="IPluginApprovals"/>: the approval packet, decisions, hot swap and the audit trail.</summary>
public sealed class PluginApprovalsTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ListAsync_AfterTwoRequests_ListsBothPendingOldestFirst()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount));
        var first = await RequestAsync(host, "anna", Wish);
        var second = await RequestAsync(host, "ben", "seniors get 10% off on Mondays");

        var pending = await host.Approvals.ListAsync();

        Assert.Equal([first, second], pending.Select(p => p.Key));
        Assert.All(pending, p => Assert.Equal(PluginStatus.PendingApproval, p.Status));
        Assert.Empty(await host.Approvals.ListAsync(PluginStatus.Active));
    }

    [Fact]
    public async Task GetAsync_PendingVersion_ReturnsTheApprovalPacket()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember), inputTokens: 900, outputTokens: 100)
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 1100, outputTokens: 300);
        await using var host = await StartAsync(model);
        var key = await RequestAsync(host, "anna", Wish);

        var packet = await host.Approvals.GetAsync(key);

        Assert.NotNull(packet);
        Assert.Equal(key, packet.Key);
        Assert.Equal(Wish, packet.Wish);
        Assert.Equal("anna", packet.Owner);
        Assert.Equal("TicketPricingRule", packet.ExtensionPoint);
        Assert.Equal(typeof(ITicketPricingRule).FullName, packet.ContractType);
        Assert.Equal(PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd(), packet.Source);
        Assert.Equal("KioskPlugins.WeekdayGroupDiscount", packet.TypeName);
        Assert.Equal(1, packet.RepairRounds);
        Assert.Equal(2000, packet.InputTokens);
        Assert.Equal(400, packet.OutputTokens);
        Assert.Equal("scripted", packet.ModelId);
        Assert.Null(packet.DecidedBy);
        var dll = (byte[])RawSql.Scalar(host.StorePath, "SELECT dll FROM plugin_versions WHERE plugin_id = $id AND version = 1", ("$id", key.PluginId))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dll)), packet.Sha256);
    }

    [Fact]
    public async Task GetAsync_UnknownVersion_ReturnsNull()
    {
        await using var host = await StartAsync(new ScriptedChatClient());

        Assert.Null(await host.Approvals.GetAsync(new PluginVersionKey("ticketpricingrule-0000000000", 1)));
    }

    [Fact]
    public async Task ApproveAsync_PendingVersion_MakesTheFeatureLiveWithoutRestart()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));

        var approved = await host.Approvals.ApproveAsync(key, "manager", "matches our group policy");

        Assert.Equal(PluginStatus.Active, approved.Status);
        Assert.Equal("manager", approved.DecidedBy);
        Assert.Equal("matches our group policy", approved.DecisionReason);
        var feature = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(key, feature.Key);
        Assert.Equal("anna", feature.Owner);
        Assert.Equal(Wish, feature.Wish);
        Assert.Equal(48m, feature.Instance.Apply(TestOrders.WeekdayGroup())!.Amount);
        Assert.Null(feature.Instance.Apply(TestOrders.Order(TestOrders.Saturday, adults: 12)));
        Assert.Null(feature.Instance.Apply(TestOrders.Order(TestOrders.Tuesday, adults: 10)));
    }

    [Fact]
    public async Task RejectAsync_PendingVersion_LeavesNothingLoaded()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        var rejected = await host.Approvals.RejectAsync(key, "manager", "we do not give group discounts");

        Assert.Equal(PluginStatus.Rejected, rejected.Status);
        Assert.Equal("we do not give group discounts", rejected.DecisionReason);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(0, host.Runtime.ActiveCount);
        Assert.Empty(await host.Approvals.ListAsync());
        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.ApproveAsync(key, "manager"));
        Assert.Equal("PA0502", ex.DiagnosticId);
    }

    [Fact]
    public async Task RevokeAsync_ActivePlugin_TakesItOutOfService()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await host.RequestAndApproveAsync("anna", Wish);

        var revoked = await host.Approvals.RevokeAsync(key.PluginId, "manager", "the promotion is over");

        Assert.Equal(PluginStatus.Revoked, revoked.Status);
        Assert.Equal(key, revoked.Key);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(0, host.Runtime.ActiveCount);
    }

    [Fact]
    public async Task RevokeAsync_PluginWithNoActiveVersion_ThrowsPA0502()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.RevokeAsync(key.PluginId, "manager", "why not"));

        Assert.Equal("PA0502", ex.DiagnosticId);
        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_VersionThatIsNotPending_ThrowsPA0502()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await host.RequestAndApproveAsync("anna", Wish);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.ApproveAsync(key, "manager", "again"));

        Assert.Equal("PA0502", ex.DiagnosticId);
        Assert.Contains("Active", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
    }

    [Fact]
    public async Task ApproveAsync_UnknownVersion_ThrowsPA0501()
    {
        await using var host = await StartAsync(new ScriptedChatClient());

        var ex = await Assert.ThrowsAsync<PersonalizationException>(
            () => host.Approvals.ApproveAsync(new PluginVersionKey("ticketpricingrule-0000000000", 1), "manager"));

        Assert.Equal("PA0501", ex.DiagnosticId);
        Assert.StartsWith("PA0501: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectAsync_UnknownVersion_ThrowsPA0501()
    {
        await using var host = await StartAsync(new ScriptedChatClient());

        var ex = await Assert.ThrowsAsync<PersonalizationException>(
            () => host.Approvals.RejectAsync(new PluginVersionKey("ticketpricingrule-0000000000", 3), "manager", "no"));

        Assert.Equal("PA0501", ex.DiagnosticId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task ApproveAsync_NoActor_ThrowsArgumentExceptionAndChangesNothing(string actor)
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Approvals.ApproveAsync(key, actor));

        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_CancelledToken_ThrowsAndLeavesTheVersionPending()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Approvals.ApproveAsync(key, "manager", cancellationToken: cancellation.Token));

        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
    }

    [Fact]
    public async Task ApproveAsync_NextVersion_ReplacesThePreviousForItsOwner()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var change = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId });
        var v2 = change.Plugin!.Value;
        Assert.Equal(v1, Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna")).Key);

        await host.Approvals.ApproveAsync(v2, "manager", "new group policy");

        var feature = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(v2, feature.Key);
        Assert.Equal(60m, feature.Instance.Apply(TestOrders.WeekdayGroup())!.Amount);
        Assert.Equal(PluginStatus.Superseded, (await host.Approvals.GetAsync(v1))!.Status);
        Assert.Equal(1, host.Runtime.ActiveCount);
    }

    [Fact]
    public async Task ApproveAsync_PublicClassNestedInAPublicClass_LoadsIt()
    {
        await using var host = await StartAsync(Answers(PluginSources.NestedPricingRule));
        var key = await RequestAsync(host, "anna", "children pay half");

        await host.Approvals.ApproveAsync(key, "manager");

        var feature = Assert.Single(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal(5m, feature.Instance.Apply(TestOrders.Order(TestOrders.Tuesday, adults: 1, children: 1))!.Amount);
    }

    [Fact]
    public async Task ApproveAsync_TwoPluginsOfOneUser_BothLive()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount));
        var first = await host.RequestAndApproveAsync("anna", Wish);
        var second = await host.RequestAndApproveAsync("anna", "seniors get 10% off on Mondays");

        var live = host.Features.GetAll<ITicketPricingRule>("anna").Select(f => f.Key).ToList();

        Assert.Equal(2, live.Count);
        Assert.Contains(first, live);
        Assert.Contains(second, live);
        Assert.Equal(PluginStatus.Active, (await host.Approvals.GetAsync(first))!.Status);
    }

    [Fact]
    public async Task GetAuditLogAsync_WholeLifecycle_HasEveryDecisionWithActorAndReason()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff, PluginSources.MondaySeniorDiscount));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId })).Plugin!.Value;
        await host.Approvals.ApproveAsync(v2, "boss", "new group policy");
        await host.Approvals.RevokeAsync(v1.PluginId, "auditor", "promotion over");
        var other = await RequestAsync(host, "ben", "seniors get 10% off on Mondays");
        await host.Approvals.RejectAsync(other, "manager", "not our policy");

        var log = await host.Approvals.GetAuditLogAsync();

        AssertEntry(log, "generated", "anna", v1, "sha256 ");
        AssertEntry(log, "approved", "manager", v1, "looks right");
        AssertEntry(log, "generated", "anna", v2, "sha256 ");
        AssertEntry(log, "superseded", "boss", v1, "replaced by v2");
        AssertEntry(log, "approved", "boss", v2, "new group policy");
        AssertEntry(log, "revoked", "auditor", v2, "promotion over");
        AssertEntry(log, "rejected", "manager", other, "not our policy");
        Assert.Equal(log.Select(e => e.Sequence).Order(), log.Select(e => e.Sequence));
        Assert.All(await host.Approvals.GetAuditLogAsync(other.PluginId), e => Assert.Equal(other.PluginId, e.PluginId));
    }

    [Fact]
    public async Task ApproveAsync_DllTamperedWhilePending_QuarantinesAndThrowsPA0401()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);
        Tamper.WithDll(host.StorePath, key);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.ApproveAsync(key, "manager"));

        Assert.Equal("PA0401", ex.DiagnosticId);
        Assert.Equal(PluginStatus.Quarantined, (await host.Approvals.GetAsync(key))!.Status);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Contains(await host.Approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "quarantined" && e.Actor == "system");
    }

    [Fact]
    public async Task ApproveAsync_DecisionGrantingStorage_StoresTheGrantAndAuditsIt()
    {
        await using var host = await StartAsync(Answers(PluginSources.OrderCounter));
        var key = await RequestAsync(host, "anna", "count my orders");

        var approved = await host.Approvals.ApproveAsync(key, new ApprovalDecision("manager", "counting is fine") { GrantedCapabilities = new HashSet<string> { "storage" } });

        Assert.Equal(["storage"], approved.RequestedCapabilities);
        Assert.Equal(["storage"], approved.GrantedCapabilities);
        var log = await host.Approvals.GetAuditLogAsync(key.PluginId);
        AssertEntry(log, "approved", "manager", key, "counting is fine");
        AssertEntry(log, "capabilities-granted", "manager", key, "granted: storage");
        Assert.Equal("order 1 of anna", Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Reason);
    }

    [Fact]
    public async Task ApproveAsync_OldOverloadOnAVersionAskingForStorage_GrantsNothingAndAuditsThat()
    {
        await using var host = await StartAsync(Answers(PluginSources.OrderCounter));
        var key = await RequestAsync(host, "anna", "count my orders");

        var approved = await host.Approvals.ApproveAsync(key, "manager", "no storage for now");

        Assert.Empty(approved.GrantedCapabilities);
        AssertEntry(await host.Approvals.GetAuditLogAsync(key.PluginId), "capabilities-granted", "manager", key, "granted: none; not granted: storage");
    }

    [Fact]
    public async Task ApproveAsync_DecisionGrantingACapabilityNotAskedFor_ThrowsPA0908AndChangesNothing()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(
            () => host.Approvals.ApproveAsync(key, new ApprovalDecision("manager") { GrantedCapabilities = new HashSet<string> { "http" } }));

        Assert.Equal("PA0908", ex.DiagnosticId);
        Assert.Contains("does not ask for it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
        Assert.Equal(0, host.Runtime.ActiveCount);
    }

    [Fact]
    public async Task ApproveAsync_DecisionNamingSomethingThatIsNotACapability_ThrowsArgumentException()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Approvals.ApproveAsync(key, new ApprovalDecision("manager") { GrantedCapabilities = new HashSet<string> { "files" } }));

        Assert.Contains("'files'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
    }

    [Fact]
    public async Task RollbackAsync_ToASupersededVersion_MakesItLiveAgainWithoutRestartAndAuditsIt()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = await host.RequestAndApproveAsync("anna", "make it 25% off", pluginId: v1.PluginId);
        Assert.Equal(60m, Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Amount);

        var rolledBack = await host.Approvals.RollbackAsync(v1, "boss", "25% was too generous");

        Assert.Equal(PluginStatus.Active, rolledBack.Status);
        var feature = Assert.Single(host.Rules("anna"));
        Assert.Equal(v1, feature.Key);
        Assert.Equal(48m, feature.Instance.Apply(TestOrders.WeekdayGroup())!.Amount);
        Assert.Equal(PluginStatus.Superseded, (await host.Approvals.GetAsync(v2))!.Status);
        Assert.Equal(1, host.Runtime.ActiveCount);
        var log = await host.Approvals.GetAuditLogAsync(v1.PluginId);
        AssertEntry(log, "rolled-back", "boss", v1, "replaces v2: 25% was too generous");
        AssertEntry(log, "superseded", "boss", v2, "replaced by v1");
    }

    [Fact]
    public async Task RollbackAsync_AfterTheActiveVersionWasRevoked_ReinstatesTheEarlierOne()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        await host.RequestAndApproveAsync("anna", "make it 25% off", pluginId: v1.PluginId);
        await host.Approvals.RevokeAsync(v1.PluginId, "auditor", "v2 is wrong");
        Assert.Empty(host.Rules("anna"));

        await host.Approvals.RollbackAsync(v1, "auditor", "back to the old rate");

        Assert.Equal(v1, Assert.Single(host.Rules("anna")).Key);
        AssertEntry(await host.Approvals.GetAuditLogAsync(v1.PluginId), "rolled-back", "auditor", v1, "reinstated: back to the old rate");
    }

    [Fact]
    public async Task RollbackAsync_ToAVersionWithGrants_RunsWithTheGrantsItWasApprovedWith()
    {
        await using var host = await StartAsync(Answers(PluginSources.OrderCounter, PluginSources.WeekdayGroupDiscount));
        var v1 = await host.RequestAndApproveAsync("anna", "count my orders", ["storage"]);
        Assert.Equal("order 1 of anna", Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Reason);
        await host.RequestAndApproveAsync("anna", "no, a weekday group discount", pluginId: v1.PluginId);

        await host.Approvals.RollbackAsync(v1, "manager", "the counter was better");

        Assert.Equal("order 2 of anna", Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Reason);
    }

    [Theory]
    [InlineData(PluginStatus.Active)]
    [InlineData(PluginStatus.PendingApproval)]
    [InlineData(PluginStatus.Rejected)]
    public async Task RollbackAsync_ToAVersionThatIsNotAnEarlierApprovedOne_ThrowsPA0502(PluginStatus status)
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId })).Plugin!.Value;
        if (status == PluginStatus.Rejected)
        {
            await host.Approvals.RejectAsync(v2, "manager", "no");
        }

        var target = status == PluginStatus.Active ? v1 : v2;
        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.RollbackAsync(target, "manager", "why not"));

        Assert.Equal("PA0502", ex.DiagnosticId);
        Assert.Equal(v1, Assert.Single(host.Rules("anna")).Key);
    }

    [Fact]
    public async Task RevokeAsync_ActivePlugin_AuditsWhoRevokedAndWhy()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await host.RequestAndApproveAsync("anna", Wish);

        await host.Approvals.RevokeAsync(key.PluginId, "auditor", "the promotion is over");

        AssertEntry(await host.Approvals.GetAuditLogAsync(key.PluginId), "revoked", "auditor", key, "the promotion is over");
    }

    [Fact]
    public async Task PromoteAsync_ToEveryone_EveryUserGetsItAtOnceAndItIsAudited()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await host.RequestAndApproveAsync("anna", Wish);
        Assert.Empty(host.Rules("ben"));

        await host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Everyone, "manager", "our new group policy for all desks");

        var bens = Assert.Single(host.Rules("ben"));
        Assert.Equal(key, bens.Key);
        Assert.Equal("anna", bens.Owner);
        Assert.Equal("ben", bens.UserId);
        Assert.Equal(PluginAudience.Everyone, bens.Audience);
        Assert.Equal(48m, bens.Instance.Apply(TestOrders.WeekdayGroup())!.Amount);
        Assert.Equal(key, Assert.Single(host.Rules("anna")).Key);
        AssertEntry(await host.Approvals.GetAuditLogAsync(key.PluginId), "promoted", "manager", key, "from owner to everyone: our new group policy for all desks");
    }

    [Fact]
    public async Task PromoteAsync_ToAGroup_OnlyItsMembersGetIt()
    {
        var groups = new FakeUserGroups().With("ben", "desk-2").With("carla", "office");
        var model = Answers(PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IUserGroups>(groups));
        var key = await host.RequestAndApproveAsync("anna", Wish);

        await host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Group("desk-2"), "manager", "desk 2 sells to groups");

        Assert.Equal(key, Assert.Single(host.Rules("ben")).Key);
        Assert.Empty(host.Rules("carla"));
        Assert.Empty(host.Rules("dan"));
        AssertEntry(await host.Approvals.GetAuditLogAsync(key.PluginId), "promoted", "manager", key, "from owner to group:desk-2");
    }

    [Fact]
    public async Task PromoteAsync_BackToTheOwner_OthersNoLongerGetIt()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await host.RequestAndApproveAsync("anna", Wish);
        await host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Everyone, "manager", "try it everywhere");

        await host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Owner, "manager", "only Anna's desk after all");

        Assert.Empty(host.Rules("ben"));
        Assert.Single(host.Rules("anna"));
        AssertEntry(await host.Approvals.GetAuditLogAsync(key.PluginId), "promoted", "manager", key, "from everyone to owner");
    }

    [Fact]
    public async Task PromoteAsync_ThenARestartAndANewVersion_TheAudienceStaysWithThePlugin()
    {
        await using var first = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var host = first;
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        await host.Approvals.PromoteAsync(v1.PluginId, PluginAudience.Everyone, "manager", "for all desks");

        host = await host.RestartAsync();
        await using var _ = host;
        Assert.Equal(v1, Assert.Single(host.Rules("ben")).Key);
        var v2 = await host.RequestAndApproveAsync("anna", "make it 25% off", pluginId: v1.PluginId);

        Assert.Equal(v2, Assert.Single(host.Rules("ben")).Key);
        Assert.Equal(PluginAudience.Everyone, (await host.Approvals.GetPacketAsync(v2))!.Audience);
    }

    [Fact]
    public async Task RollbackAndPromote_CancelledToken_ThrowAndChangeNothing()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscountQuarterOff));
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = await host.RequestAndApproveAsync("anna", "make it 25% off", pluginId: v1.PluginId);
        var cancelled = new CancellationToken(canceled: true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Approvals.RollbackAsync(v1, "manager", "back", cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Approvals.PromoteAsync(v1.PluginId, PluginAudience.Everyone, "manager", "share", cancelled));

        Assert.Equal(v2, Assert.Single(host.Rules("anna")).Key);
        Assert.Empty(host.Rules("ben"));
        Assert.DoesNotContain(await host.Approvals.GetAuditLogAsync(v1.PluginId), e => e.Action is "rolled-back" or "promoted");
    }

    [Fact]
    public async Task PromoteAsync_PluginWithNoActiveVersion_ThrowsPA0502()
    {
        await using var host = await StartAsync(Answers(PluginSources.WeekdayGroupDiscount));
        var key = await RequestAsync(host, "anna", Wish);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.PromoteAsync(key.PluginId, PluginAudience.Everyone, "manager", "share it"));

        Assert.Equal("PA0502", ex.DiagnosticId);
        Assert.DoesNotContain(await host.Approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "promoted");
    }

    private static void AssertEntry(IReadOnlyList<AuditEntry> log, string action, string actor, PluginVersionKey key, string reason)
        => Assert.Contains(log, e => e.Action == action && e.Actor == actor && e.PluginId == key.PluginId && e.Version == key.Version
            && e.Reason is not null && e.Reason.Contains(reason, StringComparison.Ordinal));

    private static ScriptedChatClient Answers(params string[] fixtures)
    {
        var model = new ScriptedChatClient();
        foreach (var fixture in fixtures)
        {
            model.Reply(PluginSources.Fenced(fixture));
        }

        return model;
    }

    private static async Task<PluginVersionKey> RequestAsync(TestHost host, string userId, string wish)
    {
        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest(userId, wish));
        Assert.True(result.IsPendingApproval, result.ToString());
        return result.Plugin!.Value;
    }

    private Task<TestHost> StartAsync(ScriptedChatClient model) => TestHost.StartAsync(_directory.StorePath, model);
}
