using Microsoft.Extensions.AI;

namespace PersonalApp.Testing;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script instead of a model, so hosts can test their extension
/// points (and PersonalApp its pipeline) without a network or a model. Thread-safe.
/// </summary>
/// <remarks>
/// Each call is answered by the first of: the next queued answer (<see cref="Reply(string, long, long)"/> and its
/// overloads, in order, each used once); the first standing rule added with <see cref="When"/> whose predicate matches the
/// last user message (rules are never used up, so a demo or a test can answer the same wish every time);
/// <see cref="Fallback"/>; otherwise an <see cref="InvalidOperationException"/>.
/// </remarks>
/// <example>
/// <code>
/// var model = new ScriptedChatClient()
///     .Reply("```csharp\npublic sealed class Rule : IPricingRule { ... }\n```")
///     .Reply(messages => "```csharp\n...\n```");
/// services.AddChatClient(model);
/// </code>
/// </example>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>> _script = new();
    private readonly List<IReadOnlyList<ChatMessage>> _calls = [];
    private readonly List<(Func<string, bool> Matches, string Text, long InputTokens, long OutputTokens)> _rules = [];
    private readonly Lock _lock = new();

    /// <summary>Gets or sets the model id reported in answers and metadata. Default <c>scripted</c>.</summary>
    public string ModelId { get; set; } = "scripted";

    /// <summary>
    /// Gets or sets what to answer once the script has run out, given the conversation. When <see langword="null"/>
    /// (the default) a call past the end of the script throws <see cref="InvalidOperationException"/>, so a test notices
    /// an unexpected model call.
    /// </summary>
    public Func<IReadOnlyList<ChatMessage>, string>? Fallback { get; set; }

    /// <summary>Gets the conversations the client was called with, in order.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Gets the number of calls made so far.</summary>
    public int CallCount
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Queues a fixed answer.</summary>
    /// <param name="text">The answer's text.</param>
    /// <param name="inputTokens">The input tokens to report.</param>
    /// <param name="outputTokens">The output tokens to report.</param>
    /// <returns>The same client, for chaining.</returns>
    public ScriptedChatClient Reply(string text, long inputTokens = 100, long outputTokens = 50)
        => Enqueue((_, _) => Task.FromResult(Response(text, inputTokens, outputTokens)));

    /// <summary>Queues an answer computed from the conversation so far.</summary>
    /// <param name="answer">Returns the answer's text, given the messages sent.</param>
    /// <returns>The same client, for chaining.</returns>
    public ScriptedChatClient Reply(Func<IReadOnlyList<ChatMessage>, string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return Enqueue((messages, _) => Task.FromResult(Response(answer(messages), 100, 50)));
    }

    /// <summary>Queues an answer that arrives only when <paramref name="release"/> completes (or the call is cancelled).</summary>
    /// <param name="release">Completes with the answer's text.</param>
    /// <returns>The same client, for chaining.</returns>
    public ScriptedChatClient ReplyWhen(Task<string> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return Enqueue(async (_, cancellationToken) => Response(await release.WaitAsync(cancellationToken).ConfigureAwait(false), 100, 50));
    }

    /// <summary>
    /// Adds a standing rule: every call whose last user message matches <paramref name="lastUserMessage"/> (and that no
    /// queued answer takes first) is answered with <paramref name="text"/>. Rules are tried in the order they were added.
    /// PersonalApp's first message for a wish carries the wish verbatim, so a predicate such as
    /// <c>m =&gt; m.Contains("groups of more than ten", StringComparison.OrdinalIgnoreCase)</c> answers that wish.
    /// </summary>
    /// <param name="lastUserMessage">Given the text of the conversation's last user message, whether this rule answers it.</param>
    /// <param name="text">The answer's text.</param>
    /// <param name="inputTokens">The input tokens to report.</param>
    /// <param name="outputTokens">The output tokens to report.</param>
    /// <returns>The same client, for chaining.</returns>
    public ScriptedChatClient When(Func<string, bool> lastUserMessage, string text, long inputTokens = 100, long outputTokens = 50)
    {
        ArgumentNullException.ThrowIfNull(lastUserMessage);
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            _rules.Add((lastUserMessage, text, inputTokens, outputTokens));
        }

        return this;
    }

    /// <summary>Queues a failure, as when the model's endpoint is down.</summary>
    /// <param name="exception">The exception the call throws.</param>
    /// <returns>The same client, for chaining.</returns>
    public ScriptedChatClient Throw(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Enqueue((_, _) => Task.FromException<ChatResponse>(exception));
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var conversation = messages.ToList();
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>? next;
        (Func<string, bool> Matches, string Text, long InputTokens, long OutputTokens)[] rules;
        lock (_lock)
        {
            _calls.Add(conversation);
            _script.TryDequeue(out next);
            rules = [.. _rules];
        }

        if (next is not null)
        {
            return next(conversation, cancellationToken);
        }

        if (rules.Length > 0)
        {
            var last = conversation.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
            foreach (var rule in rules)
            {
                if (rule.Matches(last))
                {
                    return Task.FromResult(Response(rule.Text, rule.InputTokens, rule.OutputTokens));
                }
            }
        }

        return Fallback is { } fallback
            ? Task.FromResult(Response(fallback(conversation), 100, 50))
            : throw new InvalidOperationException($"ScriptedChatClient was called {CallCount} time(s) but its script has fewer answers. Queue more with Reply(...), add a rule with When(...), or set Fallback.");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata(nameof(ScriptedChatClient), defaultModelId: ModelId);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private ScriptedChatClient Enqueue(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> step)
    {
        lock (_lock)
        {
            _script.Enqueue(step);
        }

        return this;
    }

    private ChatResponse Response(string text, long inputTokens, long outputTokens) => new(new ChatMessage(ChatRole.Assistant, text))
    {
        ModelId = ModelId,
        Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
    };
}
