using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// Receives the engine's progress on the engine's own thread (no synchronization context hop, so stages stay in order)
/// and queues each as a Server-Sent Event. <see cref="Working"/> completes once the request is past validation, which is
/// when the response is committed to a stream instead of a problem.
/// </summary>
internal sealed class ChannelProgress : IProgress<PersonalizationProgress>
{
    private readonly TaskCompletionSource _working = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<SseItem<object>> Events { get; } = Channel.CreateUnbounded<SseItem<object>>(new UnboundedChannelOptions { SingleReader = true });

    public Task Working => _working.Task;

    public void Report(PersonalizationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Events.Writer.TryWrite(new SseItem<object>(Views.Of(value), "stage"));
        if (value.Stage is not (PersonalizationStage.Validating or PersonalizationStage.Failed))
        {
            _working.TrySetResult();
        }
    }
}
