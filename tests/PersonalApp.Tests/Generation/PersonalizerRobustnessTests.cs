using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using Xunit.Abstractions;

namespace PersonalApp.Tests.Generation;

/// <summary>
/// What a request does when things go wrong at scale (issue 15): a huge answer, a failing store, concurrent budgets, a
/// model that ignores cancellation, a chat client's own timeout, and what a user may learn of another user's plugin.
/// </summary>
public sealed class PersonalizerRobustnessTests(ITestOutputHelper output) : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RequestAsync_AnswerWithThousandsOfErrorsOnOneLine_KeepsAFewDozenShortDiagnostics()
    {
        // One 56 KB line: 8,000 declarations of the same local, so 7,999 compiler errors that each quoted the whole line.
        var line = string.Concat(Enumerable.Repeat("int a; ", 8_000));
        var source = "namespace KioskPlugins;\n\npublic sealed class Rule : ITicketPricingRule\n{\n    public string Name => \"rule\";\n\n" +
            "    public PriceAdjustment? Apply(TicketOrder order)\n    {\n" + line + "\n        return null;\n    }\n}\n";
        var model = new ScriptedChatClient { Fallback = _ => PluginSources.Answer(source) };
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var started = Stopwatch.GetTimestamp();

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1_048_576:N0} MB allocated, {model.CallCount} model call(s)");
        Assert.Equal(PersonalizationResultKind.Failed, result.Kind);
        Assert.InRange(result.Diagnostics.Count, 2, 40);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("more", StringComparison.Ordinal) && d.Message.Contains("7,9", StringComparison.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.True((d.SourceLine?.Length ?? 0) <= 204, $"a quoted line of {d.SourceLine?.Length:N0} characters"));
        var stored = (string)RawSql.Scalar(host.StorePath, "SELECT diagnostics FROM requests WHERE id = $id", ("$id", result.RequestId))!;
        Assert.InRange(stored.Length, 1, 64 * 1024);
    }

    [Theory]
    [InlineData("InsertRequest", 5, "database is locked", "another process")]
    [InlineData("InsertVersion", 13, "database or disk is full", "Free space")]
    public async Task RequestAsync_StoreThrows_ReturnsAFailedResultWithPA0603(string member, int sqliteError, string message, string advice)
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        ThrowingCatalog? catalog = null;
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IPluginCatalog>(sp =>
            catalog = new ThrowingCatalog(sp.GetRequiredService<SqlitePluginCatalog>())));
        catalog!.Fail = name => name == member ? new SqliteException(message, sqliteError) : null;

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Equal(PersonalizationResultKind.Failed, result.Kind);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "PA0603");
        Assert.Contains(advice, diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("move it aside", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_AnotherUsersUnsharedPluginMatches_SaysNothingOfItsOwnerKeyOrWish()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var annas = await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("bob", "20 % OFF for groups of more than ten, on weekdays!"));

        Assert.Equal(PersonalizationResultKind.ExistingPluginOffered, result.Kind);
        var message = Assert.Single(result.Diagnostics).Message;
        Assert.DoesNotContain("anna", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(annas.PluginId, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wish, message, StringComparison.Ordinal);
        Assert.Contains("an admin can share it", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_TwentyConcurrentRequestsOnASmallBudget_SpendAtMostOneCallPastTheBudget()
    {
        var model = new ScriptedChatClient { Fallback = _ => PluginSources.Fenced(PluginSources.WeekdayGroupDiscount) };
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o =>
        {
            o.MaxTokensPerDay = 1_000;
            o.MaxOutputTokens = 256;
            o.ReuseApprovedPlugins = false;
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            host.Personalizer.RequestAsync(new PersonalizationRequest($"user{i}", Wish)))));

        var spent = results.Sum(r => r.InputTokens + r.OutputTokens);
        output.WriteLine($"{results.Count(r => r.IsPendingApproval)} pending, {spent:N0} tokens spent, {model.CallCount} model calls");
        // Without reservations all 20 called the model (3,000 tokens); with them, a call starts only while some of the
        // budget is neither spent nor reserved, so the day ends at most one call (150 tokens) past its budget.
        Assert.InRange(spent, 150, 1_000 + 150);
        Assert.Contains(results, r => r.IsPendingApproval);
        Assert.Contains(results, r => r.Diagnostics.Any(d => d.Id == "PA0906"));
        Assert.Equal(spent, Convert.ToInt64(RawSql.Scalar(host.StorePath, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM requests"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RequestAsync_ModelIgnoresCancellationPastTheTimeout_FailsWithPA0304AndNoRepairRound()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var model = new StubbornChatClient();
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient(), o => o.RequestTimeout = TimeSpan.FromSeconds(2), services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton<Microsoft.Extensions.AI.IChatClient>(model);
        });

        var request = host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));
        await model.Called;
        time.Advance(TimeSpan.FromSeconds(12));
        var result = await request;
        model.Answer("```csharp\nint broken =\n```");

        Assert.Equal("PA0304", Assert.Single(result.Diagnostics).Id);
        Assert.Equal(1, model.CallCount);
        Assert.Equal("failed", RawSql.Scalar(host.StorePath, "SELECT status FROM requests WHERE id = $id", ("$id", result.RequestId)));
    }

    [Fact]
    public async Task RequestAsync_ChatClientsOwnHttpTimeout_ReportsAModelFailureNotTheRequestTimeout()
    {
        var model = new ScriptedChatClient().Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing."));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PA0201", diagnostic.Id);
        Assert.Contains("HttpClient.Timeout", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("took longer than", diagnostic.Message, StringComparison.Ordinal);
    }
}
