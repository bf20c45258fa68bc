using Microsoft.Extensions.AI;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// A model that always gives the current <see cref="Answer"/> and remembers nothing. For the long runs: PersonalApp.Testing's
/// ScriptedChatClient keeps every conversation (its <c>Calls</c>), which over 10,000 requests would be counted as
/// PersonalApp's memory growth.
/// </summary>
internal sealed class FixedAnswerChatClient(string answer) : IChatClient
{
    public string Answer { get; set; } = answer;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer))
        {
            ModelId = "fixed",
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 50, TotalTokenCount = 150 },
        });

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("PersonalApp does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
