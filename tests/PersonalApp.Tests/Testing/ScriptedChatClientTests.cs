using Microsoft.Extensions.AI;
using PersonalApp.Testing;

namespace PersonalApp.Tests.Testing;

public sealed class ScriptedChatClientTests
{
    private readonly ChatMessage[] _conversation = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task GetResponseAsync_Script_AnswersInOrderWithUsageAndModel()
    {
        using var client = new ScriptedChatClient { ModelId = "model-x" }.Reply("first", inputTokens: 7, outputTokens: 3).Reply(m => $"second after {m.Count}");

        var first = await client.GetResponseAsync(_conversation);
        var second = await client.GetResponseAsync([.. _conversation, new ChatMessage(ChatRole.User, "again")]);

        Assert.Equal("first", first.Text);
        Assert.Equal(7, first.Usage!.InputTokenCount);
        Assert.Equal(3, first.Usage.OutputTokenCount);
        Assert.Equal(10, first.Usage.TotalTokenCount);
        Assert.Equal("model-x", first.ModelId);
        Assert.Equal("second after 2", second.Text);
        Assert.Equal(2, client.CallCount);
        Assert.Equal("again", client.Calls[1][1].Text);
    }

    [Fact]
    public async Task GetResponseAsync_ScriptRunOutWithoutFallback_ThrowsInvalidOperationException()
    {
        using var client = new ScriptedChatClient().Reply("only");
        await client.GetResponseAsync(_conversation);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(_conversation));

        Assert.Contains("2 time(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ScriptRunOutWithFallback_AnswersFromIt()
    {
        using var client = new ScriptedChatClient { Fallback = m => "fallback " + m[0].Text };

        var response = await client.GetResponseAsync(_conversation);

        Assert.Equal("fallback hello", response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ThrowQueued_FailsThatCall()
    {
        using var client = new ScriptedChatClient().Throw(new TimeoutException("down")).Reply("up");

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync(_conversation));
        Assert.Equal("up", (await client.GetResponseAsync(_conversation)).Text);
    }

    [Fact]
    public async Task GetResponseAsync_ReplyWhen_AnswersWhenReleased()
    {
        var release = new TaskCompletionSource<string>();
        using var client = new ScriptedChatClient().ReplyWhen(release.Task);

        var pending = client.GetResponseAsync(_conversation);
        Assert.False(pending.IsCompleted);
        release.SetResult("released");

        Assert.Equal("released", (await pending).Text);
    }

    [Fact]
    public async Task GetResponseAsync_ReplyWhenCancelled_ThrowsOperationCanceled()
    {
        using var client = new ScriptedChatClient().ReplyWhen(new TaskCompletionSource<string>().Task);
        using var cancellation = new CancellationTokenSource();

        var pending = client.GetResponseAsync(_conversation, cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Script_StreamsTheAnswer()
    {
        using var client = new ScriptedChatClient().Reply("streamed");

        var text = string.Concat(await client.GetStreamingResponseAsync(_conversation).Select(u => u.Text).ToListAsync());

        Assert.Equal("streamed", text);
    }

    [Fact]
    public void GetService_Metadata_ReportsTheModelId()
    {
        using var client = new ScriptedChatClient { ModelId = "model-y" };

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("model-y", metadata!.DefaultModelId);
        Assert.Same(client, client.GetService<ScriptedChatClient>());
        Assert.Null(client.GetService(typeof(ChatClientMetadata), serviceKey: "other"));
    }

    [Fact]
    public async Task GetResponseAsync_RuleMatchesLastUserMessage_AnswersEveryTimeAfterTheQueue()
    {
        using var client = new ScriptedChatClient { Fallback = _ => "fallback" }
            .Reply("queued")
            .When(m => m.Contains("discount", StringComparison.OrdinalIgnoreCase), "a discount", inputTokens: 9, outputTokens: 4)
            .When(m => m.Contains("report", StringComparison.OrdinalIgnoreCase), "a report");
        ChatMessage[] discount = [new(ChatRole.System, "a report"), new(ChatRole.User, "a Discount please")];

        var queued = await client.GetResponseAsync(discount);
        var first = await client.GetResponseAsync(discount);
        var second = await client.GetResponseAsync(discount);
        var report = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "the report")]);
        var other = await client.GetResponseAsync(_conversation);

        Assert.Equal("queued", queued.Text);
        Assert.Equal("a discount", first.Text);
        Assert.Equal("a discount", second.Text);
        Assert.Equal(9, second.Usage!.InputTokenCount);
        Assert.Equal("a report", report.Text);
        Assert.Equal("fallback", other.Text);
    }
}
