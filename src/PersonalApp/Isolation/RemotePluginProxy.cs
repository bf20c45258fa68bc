using System.Reflection;
using System.Text.Json;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// Implements a contract in the host by forwarding each call to the worker that holds the plugin: arguments and
/// results cross the process boundary as JSON. A call that does not complete throws <see cref="RemoteCallException"/>
/// with the outcome the worker (or the pool) reported, which the invoker returns to the caller. The call's
/// <see cref="PluginContext"/> (made current by the invoker) goes with it, so the worker's capability calls are served
/// by the host for that call's user.
/// </summary>
internal class RemotePluginProxy : DispatchProxy
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Func<InvokeRequest, PluginContext?, Task<CallResult>>? _send;
    private string _key = string.Empty;
    private int _maxResultBytes;

    /// <summary>A proxy for a plugin loaded in the pool's serving worker.</summary>
    public static object Create(Type contract, WorkerPool pool, string key, CallLimits limits, int maxResultBytes)
        => Create(contract, key, maxResultBytes, (request, context) => pool.InvokeAsync(request, limits, context, CancellationToken.None));

    /// <summary>A proxy whose calls go wherever <paramref name="send"/> takes them (for example a one-shot verification worker).</summary>
    public static object Create(Type contract, string key, int maxResultBytes, Func<InvokeRequest, PluginContext?, Task<CallResult>> send)
    {
        var proxy = (RemotePluginProxy)DispatchProxy.Create(contract, typeof(RemotePluginProxy));
        proxy._send = send;
        proxy._key = key;
        proxy._maxResultBytes = maxResultBytes;
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
        _ => PluginOutcomeKind.Faulted,
    };

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var parameters = targetMethod.GetParameters();
        var arguments = new List<JsonElement>(parameters.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments.Add(JsonSerializer.SerializeToElement(args?[i], parameters[i].ParameterType, Json));
        }

        var request = new InvokeRequest(_key, targetMethod.Name, parameters.Select(p => p.ParameterType.FullName!).ToList(), arguments, _maxResultBytes);
        CallResult result;
        try
        {
            result = WaitForWorker(_send!(request, PluginContext.CurrentOrNull));
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping: the call did not run.
            throw new RemoteCallException(PluginOutcomeKind.Faulted, "The isolated tier has stopped (the host is shutting down); the call did not run.") { WorkerLost = true };
        }

        if (!result.IsCompleted)
        {
            var kind = KindOf(result.Outcome);
            throw new RemoteCallException(kind, result.Message ?? kind.ToString()) { WorkerLost = result.WorkerLost };
        }

        return targetMethod.ReturnType == typeof(void) || result.Result is not { } json ? null : json.Deserialize(targetMethod.ReturnType, Json);
    }

    /// <summary>
    /// The one place the proxy blocks on a task. The contracts it implements are synchronous (an isolatable contract
    /// returns plain data, never a task: <c>IsolationContract</c>), so the caller's thread must wait for the
    /// worker's answer; the pool's wall-clock deadline (the worker is killed past it) and its waking of every queued call
    /// when a worker is lost bound the wait.
    /// </summary>
    private static CallResult WaitForWorker(Task<CallResult> call) => call.GetAwaiter().GetResult();
}
