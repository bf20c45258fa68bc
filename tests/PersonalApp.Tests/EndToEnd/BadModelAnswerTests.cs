using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.EndToEnd;

/// <summary>Whatever the model answers, a request ends in a result a person can read: never an exception, never a pending plugin.</summary>
public sealed class BadModelAnswerTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "prose only", "PA0203" },
        { "no code at all", "PA0203" },
        { "two classes", "PA0204" },
        { "wrong interface", "PA0205" },
        { "own interface of the same name", "PA0205" },
        { "internal class", "PA0206" },
        { "syntax garbage", "PA0301" },
        { "1 MB answer", "PA0202" },
    };

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task RequestAsync_ModelKeepsGivingABadAnswer_FailsWithItsDiagnosticAndNothingPending(string answer, string expectedId)
    {
        var text = AnswerFor(answer);
        var model = new ScriptedChatClient { Fallback = _ => text };
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        Assert.Null(result.Plugin);
        Assert.Contains(result.Diagnostics, d => d.Id == expectedId && d.Severity == PersonalizationSeverity.Error);
        Assert.Contains(result.Diagnostics[^1].Id, new[] { "PA0302", "PA0303" });
        Assert.StartsWith("Failed: ", result.ToString(), StringComparison.Ordinal);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
        Assert.Empty(host.Features.GetAll<ITicketPricingRule>("anna"));
        Assert.Equal("request-failed", (await host.Approvals.GetAuditLogAsync())[^1].Action);
    }

    [Fact]
    public async Task RequestAsync_ModelThrows_FailsWithPA0201AndNothingPending()
    {
        var model = new ScriptedChatClient().Throw(new InvalidOperationException("model overloaded"));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.False(result.IsPendingApproval);
        Assert.Equal("PA0201", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(await host.Approvals.ListAsync(status: null));
    }

    [Fact]
    public async Task RequestAsync_OneMegabyteAnswer_IsNotRepeatedBackToTheModel()
    {
        var huge = AnswerFor("1 MB answer");
        var model = new ScriptedChatClient { Fallback = _ => huge };
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.True(model.CallCount >= 2);
        Assert.All(model.Calls[1], m => Assert.True(m.Text.Length < 64 * 1024, "no message of the repair conversation repeats the huge answer"));
    }

    [Fact]
    public async Task RequestAsync_BadAnswerThenAGoodOne_RepairsFromTheDiagnostic()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.TwoPricingRules))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(1, result.RepairRounds);
        Assert.Contains("ChildrenGoFree", model.Calls[1][^1].Text, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics, d => d.Id == "PA0204" && d.Severity == PersonalizationSeverity.Info);
    }

    private static string AnswerFor(string name) => name switch
    {
        "prose only" => "I'm sorry, I can't help with discounts. You could ask your manager to set prices by hand at the till.",
        "no code at all" => string.Empty,
        "two classes" => PluginSources.Fenced(PluginSources.TwoPricingRules),
        "wrong interface" => PluginSources.Fenced(PluginSources.ReportInsteadOfPricingRule),
        "own interface of the same name" => PluginSources.Fenced(PluginSources.OwnContractOfSameName),
        "internal class" => PluginSources.Fenced(PluginSources.InternalPricingRule),
        "syntax garbage" => PluginSources.Fenced(PluginSources.SyntaxGarbage),
        "1 MB answer" => PluginSources.Fenced(PluginSources.WeekdayGroupDiscount) + "\n// " + new string('x', 1024 * 1024),
        _ => throw new ArgumentException($"No answer named '{name}'.", nameof(name)),
    };
}
