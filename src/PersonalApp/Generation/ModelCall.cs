using Microsoft.Extensions.AI;

namespace PersonalApp.Generation;

/// <summary>
/// One call to the host's model, held to the request's deadline even when the chat client ignores its cancellation
/// token, with the estimate the token budget reserves for it and the words for its failure.
/// </summary>
internal static class ModelCall
{
    /// <summary>
    /// Asks the model, waiting at most until <paramref name="cancellationToken"/> (the caller's, or the request's
    /// deadline) fires: a client that ignores the token is abandoned, and its late answer or failure is dropped.
    /// </summary>
    public static Task<ChatResponse> GetResponseAsync(IChatClient chat, IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        // A copy: the conversation grows with the next round while an abandoned call may still be reading it.
        var call = chat.GetResponseAsync([.. messages], options, cancellationToken);
        if (call.IsCompleted)
        {
            return call;
        }

        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call.WaitAsync(cancellationToken);
    }

    /// <summary>The tokens a call may use at most, roughly: the answer's limit plus the prompt (about four characters a token).</summary>
    public static long Estimate(IEnumerable<ChatMessage> messages, int maxOutputTokens)
        => maxOutputTokens + (messages.Sum(m => (long)m.Text.Length) / 4);

    /// <summary>The PA0201 message for a chat client that threw, or gave up by itself.</summary>
    public static string DescribeFailure(Exception exception) => exception is OperationCanceledException
        ? $"The chat client gave up before the model answered ({exception.GetType().Name}: {exception.Message}). That is the client's own limit (for example HttpClient.Timeout), not PersonalizationOptions.RequestTimeout: raise the client's timeout or use a faster model, then ask again."
        : $"The model could not be reached or refused the request ({exception.GetType().Name}: {exception.Message}). Nothing was lost: check the chat client's endpoint, model and key, then ask again.";
}
