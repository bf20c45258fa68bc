using System.Diagnostics;
using System.Net.Sockets;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// Plugin calls over the call channel, made on the caller's thread: it waits for the worker's turn, writes the call and
/// reads the answer itself, so no task, thread hop or JSON-RPC message stands between the caller and the worker. The
/// deadline is one timer per worker, re-armed for each call, that kills the worker when a call overstays it; killing
/// closes the channel, which wakes the caller. The plugin's capability calls come back on the same channel during the call
/// and are served on the caller's thread by the <see cref="CapabilityBroker"/>, which checks each one's token.
/// </summary>
internal sealed partial class WorkerProcess
{
    private readonly Timer _deadline;

    // The id of the call in progress whose deadline is armed (0: none); the timer takes it (as its negative) to claim the kill.
    private int _inFlight;
    private long _deadlineAt;

    /// <summary>
    /// Calls a contract method of a plugin loaded in this worker. With <paramref name="context"/>, the worker's capability
    /// calls are served by the host for that context (a token is issued when the turn comes, if anything was granted);
    /// without, the plugin gets the worker's scratch capabilities. Never throws for a lost worker: the reply says how it
    /// was lost. Throws what serializing the arguments throws, before anything is sent.
    /// </summary>
    public RemoteReply Invoke(string key, RemoteMethod method, object?[]? arguments, int maxResultBytes, PluginContext? context, PluginVersionKey plugin, TimeSpan deadline)
    {
        if (!_oneCallAtATime.Wait(0))
        {
            try
            {
                _oneCallAtATime.Wait(_lost.Token);
            }
            catch (OperationCanceledException)
            {
                return RemoteReply.Lost(WorkerLoss.NotStarted);
            }
        }

        CallTicket? ticket = null;
        try
        {
            if (!IsAlive || _channel is not { } channel)
            {
                return RemoteReply.Lost(WorkerLoss.NotStarted);
            }

            _output.Reset(_responseBudget);
            var grant = context is null || _broker is null ? null : Grant(_broker, context, plugin, deadline, out ticket);
            var id = channel.Prepare(key, method, arguments, maxResultBytes, grant);
            Arm(id, deadline);
            try
            {
                channel.Send();
                var reply = channel.Receive(id, method.ReturnType, _serveCapability);
                return Disarm(id) ? reply : RemoteReply.Lost(WorkerLoss.DeadlinePassed);
            }
            catch (Exception ex) when (ex is InvalidDataException or SocketException or ObjectDisposedException or IOException)
            {
                // A breach read before anyone killed the worker is the worker's doing; after a kill, it is the kill's echo.
                var breach = ex is InvalidDataException && Volatile.Read(ref _killed) == 0 ? ex.Message : null;
                var timedOut = !Disarm(id);
                Kill();
                return timedOut ? RemoteReply.Lost(WorkerLoss.DeadlinePassed) : RemoteReply.Lost(WorkerLoss.Crashed, breach);
            }
        }
        finally
        {
            ticket?.Dispose();
            _oneCallAtATime.Release();
        }
    }

    /// <summary>What the worker is told of the call's capabilities; a token only when something was granted (no grant, nothing to serve).</summary>
    private CallGrant Grant(CapabilityBroker broker, PluginContext context, PluginVersionKey plugin, TimeSpan deadline, out CallTicket? ticket)
    {
        ticket = context.Storage is null && context.Clock is null && context.Log is null && context.Http is null ? null : broker.Open(this, context, plugin, deadline);
        return ticket?.Grant ?? new CallGrant(string.Empty, [], context.UserId);
    }

    private void Arm(int id, TimeSpan deadline)
    {
        Volatile.Write(ref _deadlineAt, Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _inFlight, id);
        _deadline.Change(deadline, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Ends the call's deadline; false when the timer already claimed the call (the worker is being killed).</summary>
    private bool Disarm(int id)
    {
        _deadline.Change(Timeout.Infinite, Timeout.Infinite);
        return Interlocked.CompareExchange(ref _inFlight, 0, id) == id;
    }

    private void DeadlinePassed()
    {
        var id = Volatile.Read(ref _inFlight);
        if (id <= 0)
        {
            return;
        }

        // The timer counts whole milliseconds and may tick a little before the stopwatch's deadline; a late tick armed for
        // an earlier call finds the current call's deadline ahead. Either way the timer is set again for what is left.
        var left = Volatile.Read(ref _deadlineAt) - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            _deadline.Change(TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000.0 / Stopwatch.Frequency) + 1), Timeout.InfiniteTimeSpan);
            return;
        }

        if (Interlocked.CompareExchange(ref _inFlight, -id, id) == id)
        {
            Kill();
        }
    }
}
