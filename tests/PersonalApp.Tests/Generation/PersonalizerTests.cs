using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Generation;

/// <summary>The generation pipeline through <see cref="IPersonalizer"/>: each stage's success, failure and cancellation, and the repair loop.</summary>
public sealed class PersonalizerTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public static TheoryData<string, string, string?, string> BadRequests => new()
    {
        { "anna", string.Empty, null, "PA0101" },
        { "anna", "   ", null, "PA0101" },
        { "anna", new string('w', 4001), null, "PA0102" },
        { string.Empty, Wish, null, "PA0103" },
        { "anna", Wish, "LoyaltyCard", "PA0104" },
    };

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RequestAsync_AnswerThatCompiles_ReturnsPendingApprovalAndStoresTheVersion()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 1200, outputTokens: 300);
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
        var key = result.Plugin!.Value;
        Assert.StartsWith("ticketpricingrule-", key.PluginId, StringComparison.Ordinal);
        Assert.Equal(1, key.Version);
        Assert.Equal("TicketPricingRule", result.ExtensionPoint);
        Assert.Equal(0, result.RepairRounds);
        Assert.Equal(1200, result.InputTokens);
        Assert.Equal(300, result.OutputTokens);
        Assert.Equal(1, model.CallCount);
        var pending = Assert.Single(await host.Approvals.ListAsync());
        Assert.Equal(key, pending.Key);
        Assert.Equal(PluginStatus.PendingApproval, pending.Status);
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
    }

    [Fact]
    public async Task RequestAsync_GoodRequest_SendsTheModelTheContractAndTheFencedWish()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);

        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        var conversation = Assert.Single(model.Calls);
        Assert.Equal(ChatRole.System, conversation[0].Role);
        Assert.Contains("PriceAdjustment? Apply(TicketOrder order);", conversation[0].Text, StringComparison.Ordinal);
        Assert.Contains($"<<<USER_WISH\n{Wish}\nUSER_WISH>>>", conversation[1].Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task RequestAsync_BadRequest_FailsWithItsDiagnosticAndNoModelCall(string userId, string wish, string? extensionPoint, string expectedId)
    {
        var model = new ScriptedChatClient();
        await using var host = await StartAsync(model);
        var progress = new RecordingProgress();

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest(userId, wish) { ExtensionPoint = extensionPoint }, progress);

        Assert.False(result.IsPendingApproval);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(PersonalizationSeverity.Error, diagnostic.Severity);
        Assert.Equal(0, model.CallCount);
        Assert.Equal([PersonalizationStage.Validating, PersonalizationStage.Failed], progress.Stages);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
        Assert.Empty(await host.Approvals.GetAuditLogAsync());
    }

    [Fact]
    public async Task RequestAsync_HostHasBothContractsAndWishMentionsNeither_FailsAmbiguousWithoutModelCall()
    {
        var model = new ScriptedChatClient();
        await using var host = await StartAsync(model, withSalesReport: true);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "a loyalty card for members"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0105", diagnostic.Id);
        Assert.Contains("TicketPricingRule", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("SalesReport", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_WishClearlyAboutAReport_ChoosesSalesReport()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.DailyRevenueReport));
        await using var host = await StartAsync(model, withSalesReport: true);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "daily revenue report"));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal("SalesReport", result.ExtensionPoint);
        Assert.StartsWith("salesreport-", result.Plugin!.Value.PluginId, StringComparison.Ordinal);
        Assert.Contains("Implement exactly this contract: TicketKiosk.Contracts.ISalesReport", model.Calls[0][0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_WishClearlyAboutPrices_ChoosesTicketPricingRule()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model, withSalesReport: true);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Equal("TicketPricingRule", result.ExtensionPoint);
        Assert.True(result.IsPendingApproval, result.ToString());
    }

    [Fact]
    public async Task RequestAsync_ExtensionPointNamed_UsesItWhateverTheWishSays()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.DailyRevenueReport));
        await using var host = await StartAsync(model, withSalesReport: true);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "something for the evening") { ExtensionPoint = "SalesReport" });

        Assert.Equal("SalesReport", result.ExtensionPoint);
        Assert.True(result.IsPendingApproval, result.ToString());
    }

    [Fact]
    public async Task RequestAsync_ModelThrows_FailsWithModelCallFailedNotAnException()
    {
        var model = new ScriptedChatClient().Throw(new HttpRequestException("connection refused"));
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0201", diagnostic.Id);
        Assert.Contains("connection refused", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(1, model.CallCount);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
        Assert.Contains(await host.Approvals.GetAuditLogAsync(), e => e.Action == "request-failed" && e.Reason!.Contains("PA0201", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestAsync_CancelledBeforeItStarts_ThrowsWithoutModelCall()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), cancellationToken: cancellation.Token));

        Assert.Equal(0, model.CallCount);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_CancelledWhileTheModelAnswers_ThrowsAndLeavesNothingPending()
    {
        var never = new TaskCompletionSource<string>();
        var model = new ScriptedChatClient().ReplyWhen(never.Task);
        await using var host = await StartAsync(model);
        using var cancellation = new CancellationTokenSource();

        var request = host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), cancellationToken: cancellation.Token);
        await Eventually.WaitUntilAsync(() => model.CallCount == 1, "the model is called");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
        var last = (await host.Approvals.GetAuditLogAsync())[^1];
        Assert.Equal("request-failed", last.Action);
        Assert.Contains("cancelled", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_CancelledWhileCompiling_ThrowsAndLeavesNothingPending()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.Stage == PersonalizationStage.Compiling)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), progress, cancellation.Token));

        Assert.Equal(PersonalizationStage.Compiling, progress.Stages[^1]);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_CancelledWhileRepairing_ThrowsAndLeavesNothingPending()
    {
        var never = new TaskCompletionSource<string>();
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember))
            .ReplyWhen(never.Task);
        await using var host = await StartAsync(model);
        using var cancellation = new CancellationTokenSource();

        var request = host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), cancellationToken: cancellation.Token);
        await Eventually.WaitUntilAsync(() => model.CallCount == 2, "the model is asked to repair");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_ModelNeverAnswers_TimesOutWithPA0304()
    {
        var never = new TaskCompletionSource<string>();
        var model = new ScriptedChatClient().ReplyWhen(never.Task);
        await using var host = await StartAsync(model, o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        Assert.Equal("PA0304", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_FirstAnswerDoesNotCompile_IsRepairedOnRoundTwo()
    {
        var broken = PluginSources.Read(PluginSources.OneUnknownMember);
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Answer(broken), inputTokens: 1000, outputTokens: 200)
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 1500, outputTokens: 250);
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(1, result.RepairRounds);
        Assert.Equal(2, model.CallCount);
        var repair = model.Calls[1];
        Assert.Equal(4, repair.Count);
        Assert.Equal(ChatRole.Assistant, repair[2].Role);
        Assert.Equal(ChatRole.User, repair[3].Role);
        var text = repair[3].Text;
        Assert.Contains("CS1061", text, StringComparison.Ordinal);
        Assert.Contains("at line " + PluginSources.LineOf(broken, "order.Adultz"), text, StringComparison.Ordinal);
        Assert.Contains("offending line: var adults = order.Adultz;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_RepairRounds_SumsTokensAndStoresThemWithTheVersion()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.TwoUnknownMembers), inputTokens: 1000, outputTokens: 200)
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember), inputTokens: 1400, outputTokens: 210)
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 1800, outputTokens: 220);
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Equal(2, result.RepairRounds);
        Assert.Equal(4200, result.InputTokens);
        Assert.Equal(630, result.OutputTokens);
        var stored = await host.Approvals.GetAsync(result.Plugin!.Value);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.RepairRounds);
        Assert.Equal(4200, stored.InputTokens);
        Assert.Equal(630, stored.OutputTokens);
        Assert.Equal(PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd(), stored.Source);
        Assert.Equal(3, stored.Diagnostics.Count(d => d.CompilerId == "CS1061"));
        Assert.All(stored.Diagnostics, d => Assert.Equal(PersonalizationSeverity.Info, d.Severity));
    }

    [Fact]
    public async Task RequestAsync_ErrorsShrinkButNeverCompile_GivesUpWithPA0302AfterThreeModelCalls()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.ThreeUnknownMembers))
            .Reply(PluginSources.Fenced(PluginSources.TwoUnknownMembers))
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model, o => o.MaxRepairRounds = 2);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        Assert.Equal(3, model.CallCount);
        Assert.Equal(2, result.RepairRounds);
        Assert.Equal("PA0302", result.Diagnostics[^1].Id);
        Assert.Equal("PA0301", Assert.Single(result.Diagnostics, d => d.Id == "PA0301").Id);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_SameErrorCountTwice_StopsEarlyWithPA0303AfterTwoModelCalls()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.TwoUnknownMembers))
            .Reply(PluginSources.Fenced(PluginSources.TwoUnknownMembers))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        Assert.Equal(2, model.CallCount);
        Assert.Equal("PA0303", result.Diagnostics[^1].Id);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "PA0301"));
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_NoRepairAllowed_FailsAfterOneModelCall()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.OneUnknownMember));
        await using var host = await StartAsync(model, o => o.MaxRepairRounds = 0);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Equal(1, model.CallCount);
        Assert.Equal(["PA0301", "PA0302"], result.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task RequestAsync_WithRepair_ReportsProgressInOrder()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        var progress = new RecordingProgress();

        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), progress);

        Assert.Equal(
            [PersonalizationStage.Validating, PersonalizationStage.Generating, PersonalizationStage.Compiling, PersonalizationStage.Repairing, PersonalizationStage.Compiling, PersonalizationStage.PendingApproval],
            progress.Stages);
        Assert.Equal(1, progress.Reports[3].Round);
        Assert.Contains("round 1 of 3", progress.Reports[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_WithoutRepair_ReportsProgressInOrder()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        var progress = new RecordingProgress();

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish), progress);

        Assert.Equal([PersonalizationStage.Validating, PersonalizationStage.Generating, PersonalizationStage.Compiling, PersonalizationStage.PendingApproval], progress.Stages);
        Assert.Contains(result.Plugin!.Value.ToString(), progress.Reports[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_TwoAtOnce_BothEndPendingWithDistinctPluginIds()
    {
        var model = new ScriptedChatClient { Fallback = _ => PluginSources.Fenced(PluginSources.WeekdayGroupDiscount) };
        await using var host = await StartAsync(model);

        var results = await Task.WhenAll(
            host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish)),
            host.Personalizer.RequestAsync(new PersonalizationRequest("ben", Wish)));

        Assert.All(results, r => Assert.True(r.IsPendingApproval, r.ToString()));
        Assert.NotEqual(results[0].Plugin!.Value.PluginId, results[1].Plugin!.Value.PluginId);
        Assert.NotEqual(results[0].RequestId, results[1].RequestId);
        var pending = await host.Approvals.ListAsync();
        Assert.Equal(2, pending.Count);
        Assert.Equal(["anna", "ben"], pending.Select(p => p.Owner).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RequestAsync_ChangeOfAnExistingPlugin_WritesItsNextVersionFromTheCurrentSource()
    {
        var v1Source = PluginSources.Read(PluginSources.WeekdayGroupDiscount);
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Answer(v1Source))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff));
        await using var host = await StartAsync(model, withSalesReport: true);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);

        // "daily" would point a new wish at SalesReport; a change keeps the plugin's own extension point.
        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off, daily") { PluginId = v1.PluginId });

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(new PluginVersionKey(v1.PluginId, 2), result.Plugin);
        Assert.Equal("TicketPricingRule", result.ExtensionPoint);
        Assert.Contains(v1Source.TrimEnd(), model.Calls[1][1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_ChangeOfAnotherUsersPlugin_FailsWithPA0107WithoutModelCall()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        var annas = await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "make it 25% off") { PluginId = annas.PluginId });

        Assert.Equal("PA0107", Assert.Single(result.Diagnostics).Id);
        Assert.Equal(1, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_TwoChangesOfOnePluginAtOnce_GetDistinctVersions()
    {
        var model = new ScriptedChatClient { Fallback = _ => PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff) };
        model.Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);

        var results = await Task.WhenAll(
            host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId }),
            host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId }));

        Assert.Equal([2, 3], results.Select(r => r.Plugin!.Value.Version).Order());
        Assert.All(results, r => Assert.Equal(v1.PluginId, r.Plugin!.Value.PluginId));
    }

    [Fact]
    public async Task RequestAsync_Failed_KeepsTheLastCandidateAndItsDiagnosticsInTheRequest()
    {
        var broken = PluginSources.Read(PluginSources.OneUnknownMember);
        var model = new ScriptedChatClient().Reply(PluginSources.Answer(broken));
        await using var host = await StartAsync(model, o => o.MaxRepairRounds = 0);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        var parameter = ("$id", (object)result.RequestId);
        Assert.Equal("failed", RawSql.Scalar(host.StorePath, "SELECT status FROM requests WHERE id = $id", parameter));
        Assert.Equal(broken.TrimEnd(), RawSql.Scalar(host.StorePath, "SELECT last_source FROM requests WHERE id = $id", parameter));
        Assert.Contains("CS1061", (string)RawSql.Scalar(host.StorePath, "SELECT diagnostics FROM requests WHERE id = $id", parameter)!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_AnyRequest_RecordsAnActivityTaggedWithItsId()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "PersonalApp",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        var activity = Assert.Single(stopped, a => (a.GetTagItem("personalapp.request.id") as string) == result.RequestId);
        Assert.Equal("personalapp.request", activity.OperationName);
    }

    [Fact]
    public async Task RequestAsync_NullRequest_ThrowsArgumentNullException()
    {
        await using var host = await StartAsync(new ScriptedChatClient());

        await Assert.ThrowsAsync<ArgumentNullException>(() => host.Personalizer.RequestAsync(null!));
    }

    [Fact]
    public async Task ExtensionPoints_HostWithBothContracts_ListsBoth()
    {
        await using var host = await StartAsync(new ScriptedChatClient(), withSalesReport: true);

        Assert.Equal(["TicketPricingRule", "SalesReport"], host.Personalizer.ExtensionPoints.Select(p => p.Name));
    }

    private Task<TestHost> StartAsync(ScriptedChatClient model, Action<PersonalizationOptions>? configure = null, bool withSalesReport = false)
        => TestHost.StartAsync(_directory.StorePath, model, configure, withSalesReport);
}
