using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

/// <summary>Token budgets per user and per day, counted from the model's reported usage, refused with their own ids.</summary>
public sealed class TokenBudgetTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RequestAsync_UserBudgetSpent_RefusesWithPA0905WithoutAModelCall()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 800, outputTokens: 300)
            .Reply(PluginSources.Fenced(PluginSources.MondaySeniorDiscount), inputTokens: 800, outputTokens: 300);
        await using var host = await StartAsync(model, o => o.MaxTokensPerUserPerDay = 1_000);
        Assert.True((await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"))).IsPendingApproval);

        var refused = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "seniors get 10% off on Mondays"));

        Assert.Equal(PersonalizationResultKind.Failed, refused.Kind);
        var diagnostic = Assert.Single(refused.Diagnostics);
        Assert.Equal("PA0905", diagnostic.Id);
        Assert.Contains("1,100 of 1,000 tokens", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("2026-12-02 00:00 UTC", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(1, model.CallCount);
        Assert.Equal("failed", RawSql.Scalar(host.StorePath, "SELECT status FROM requests WHERE id = $id", ("$id", refused.RequestId)));
    }

    [Fact]
    public async Task RequestAsync_OtherUserWithTheirOwnBudget_IsNotRefused()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 800, outputTokens: 300)
            .Reply(PluginSources.Fenced(PluginSources.MondaySeniorDiscount), inputTokens: 800, outputTokens: 300);
        await using var host = await StartAsync(model, o => o.MaxTokensPerUserPerDay = 1_000);
        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"));

        var bens = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "seniors get 10% off on Mondays"));

        Assert.True(bens.IsPendingApproval, bens.ToString());
    }

    [Fact]
    public async Task RequestAsync_BudgetSpentDuringTheRepairLoop_StopsBeforeTheNextModelCall()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember), inputTokens: 900, outputTokens: 200)
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await StartAsync(model, o => o.MaxTokensPerUserPerDay = 1_000);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"));

        Assert.False(result.IsPendingApproval);
        Assert.Equal(1, model.CallCount);
        Assert.Equal("PA0905", result.Diagnostics[^1].Id);
        Assert.Contains(result.Diagnostics, d => d.Id == "PA0301");
        Assert.Equal((900L, 200L), (result.InputTokens, result.OutputTokens));
    }

    [Fact]
    public async Task RequestAsync_HostBudgetSpentByAnotherUser_RefusesWithPA0906()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 800, outputTokens: 300);
        await using var host = await StartAsync(model, o => o.MaxTokensPerDay = 1_000);
        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"));

        var refused = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "seniors get 10% off on Mondays"));

        Assert.Equal("PA0906", Assert.Single(refused.Diagnostics).Id);
        Assert.Equal(1, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_NextUtcDay_HasAFreshBudget()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 800, outputTokens: 300)
            .Reply(PluginSources.Fenced(PluginSources.MondaySeniorDiscount), inputTokens: 800, outputTokens: 300);
        await using var host = await StartAsync(model, o => o.MaxTokensPerUserPerDay = 1_000);
        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"));
        Assert.Equal("PA0905", Assert.Single((await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "seniors get 10% off on Mondays"))).Diagnostics).Id);

        _time.Advance(TimeSpan.FromDays(1));
        var tomorrow = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "seniors get 10% off on Mondays"));

        Assert.True(tomorrow.IsPendingApproval, tomorrow.ToString());
    }

    [Fact]
    public async Task RequestAsync_BudgetSpentButAnApprovedPluginAnswers_IsStillOffered()
    {
        const string Wish = "20% off for groups of more than ten on weekdays";
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 800, outputTokens: 300);
        await using var host = await StartAsync(model, o => o.MaxTokensPerUserPerDay = 1_000);
        var key = await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Equal(key, result.ReusedPlugin);
        Assert.Equal(1_100, result.TokensSaved);
    }

    private Task<TestHost> StartAsync(ScriptedChatClient model, Action<PersonalizationOptions> configure)
        => TestHost.StartAsync(_directory.StorePath, model, configure, services: s => s.AddSingleton<TimeProvider>(_time));
}
