using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PersonalApp.Hosting;

/// <summary>
/// The model of the start-up warm-up: answers every call with one extension point's worked example, as a model would
/// (one fenced C# block), and reports no tokens. The host's own <see cref="IChatClient"/> is never called by the warm-up.
/// </summary>
internal sealed class ExampleChatClient : IChatClient
{
    private readonly string _answer;

    public ExampleChatClient(string exampleSource) => _answer = "```csharp\n" + exampleSource + "\n```";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _answer))
        {
            ModelId = "personalapp-warm-up",
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing to release.
    }
}
