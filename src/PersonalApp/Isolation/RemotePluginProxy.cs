using System.Reflection;
using System.Text.Json;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// Implements a contract in the host by forwarding each call to the worker that holds the plugin, over its call channel:
/// arguments are written as JSON straight into the call's frame and the result is read back from the answer's. A call that
/// does not complete throws <see cref="RemoteCallException"/> with the outcome the worker (or the pool) reported, which the
/// invoker returns to the caller. The call's <see cref="PluginContext"/> (made current by the invoker) goes with it, so the
/// worker's capability calls are served by the host for that call's user.
/// </summary>
internal class RemotePluginProxy : DispatchProxy
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Func<RemoteMethod, object?[]?, PluginContext?, RemoteReply>? _send;

    /// <summary>A proxy for a plugin loaded in the pool's serving worker.</summary>
    public static object Create(Type contract, WorkerPool pool, PluginVersionKey plugin, CallLimits limits, int maxResultBytes)
    {
        var key = plugin.ToString();
        return Create(contract, (method, arguments, context) => pool.Invoke(plugin, key, method, arguments, limits, maxResultBytes, context));
    }

    /// <summary>
    /// A proxy whose calls go wherever <paramref name="send"/> takes them (for example a one-shot verification worker).
    /// <paramref name="send"/> blocks until the worker answers: the contracts are synchronous (an isolatable contract returns
    /// plain data, never a task: <c>IsolationContract</c>), and the worker's deadline and the waking of queued calls when a
    /// worker is lost bound the wait.
    /// </summary>
    public static object Create(Type contract, Func<RemoteMethod, object?[]?, PluginContext?, RemoteReply> send)
    {
        var proxy = (RemotePluginProxy)DispatchProxy.Create(contract, typeof(RemotePluginProxy));
        proxy._send = send;
        return proxy;
    }

    /// <summary>The host's outcome for a worker's outcome: the one place the two vocabularies meet.</summary>
    internal static PluginOutcomeKind KindOf(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Completed => PluginOutcomeKind.Completed,
        CallOutcome.TimedOut => PluginOutcomeKind.TimedOut,
        CallOutcome.OperationBudgetExceeded => PluginOutcomeKind.OperationBudgetExceeded,
        CallOutcome.MemoryBudgetExceeded => PluginOutcomeKind.MemoryBudgetExceeded,
        CallOutcome.CallDepthExceeded => PluginOutcomeKind.CallDepthExceeded,

        // Only when the host itself unloaded the version (revoked or replaced) after the feature was handed out: out of service.
        CallOutcome.NotLoaded => PluginOutcomeKind.Disabled,
        _ => PluginOutcomeKind.Faulted,
    };

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        RemoteReply reply;
        try
        {
            reply = _send!(RemoteMethod.For(targetMethod), args, PluginContext.CurrentOrNull);
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping: the call did not run.
            throw new RemoteCallException(PluginOutcomeKind.Faulted, "The isolated tier has stopped (the host is shutting down); the call did not run.") { WorkerLost = true };
        }

        if (reply.Outcome != CallOutcome.Completed)
        {
            var kind = KindOf(reply.Outcome);
            throw new RemoteCallException(kind, reply.Message ?? kind.ToString()) { WorkerLost = reply.WorkerLost };
        }

        return reply.Value;
    }
}
