using PersonalApp.Catalog;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Capabilities;

/// <summary>
/// One isolated call's right to use capabilities: a random token, valid while the call is in progress, on the connection
/// of the worker it was sent to, for one plugin version and the user the call runs for. Disposing it (when the call ends,
/// however it ends) makes the token worthless, so a token kept by the worker and sent again later is refused.
/// </summary>
internal sealed class CallTicket : IDisposable
{
    private readonly CapabilityBroker _broker;
    private int _calls;
    private long _bytes;

    public CallTicket(CapabilityBroker broker, string token, object connection, PluginContext context, PluginVersionKey plugin, long deadline)
    {
        _broker = broker;
        Token = token;
        Connection = connection;
        Context = context;
        Plugin = plugin;
        Deadline = deadline;
        Grant = new CallGrant(token, [.. CapabilityNames.All.Where(context.IsGranted)], context.UserId);
    }

    public string Token { get; }

    /// <summary>The worker connection the call was sent to; a request arriving on another is refused.</summary>
    public object Connection { get; }

    /// <summary>The host's context of the call: the user and the real capabilities, which enforce quotas, rates and counts.</summary>
    public PluginContext Context { get; }

    public PluginVersionKey Plugin { get; }

    /// <summary>The timestamp (of the broker's <see cref="TimeProvider"/>) after which the call's forwarded calls are refused.</summary>
    public long Deadline { get; }

    /// <summary>What the worker is told: the token, the granted names and the user (for the plugin to read, never to trust).</summary>
    public CallGrant Grant { get; }

    /// <summary>Counts one forwarded call and its bytes; returns the totals so far.</summary>
    public (int Calls, long Bytes) Count(long bytes) => (Interlocked.Increment(ref _calls), Interlocked.Add(ref _bytes, bytes));

    /// <summary>Counts bytes sent back to the worker; returns the total so far.</summary>
    public long CountBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void Dispose() => _broker.Close(this);
}
