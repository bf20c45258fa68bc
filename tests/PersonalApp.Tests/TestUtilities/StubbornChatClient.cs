using Microsoft.Extensions.AI;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A chat client that ignores cancellation, as some providers do: each call waits for <see cref="Answer"/> whatever
/// token it was given. <see cref="Called"/> completes when the first call arrives.
/// </summary>
internal sealed class StubbornChatClient : IChatClient
{
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public Task Called => _called.Task;

    public int CallCount => Volatile.Read(ref _calls);

    /// <summary>Lets every call (made or to come) answer <paramref name="text"/>.</summary>
    public void Answer(string text) => _answer.TrySetResult(text);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        _called.TrySetResult();
        var text = await _answer.Task.ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 50 },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
