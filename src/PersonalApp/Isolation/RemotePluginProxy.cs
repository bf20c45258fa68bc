using System.Reflection;
using System.Text.Json;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// Implements a contract in the host by forwarding each call to the worker that holds the plugin: arguments and
/// results cross the process boundary as JSON. A call that does not complete throws <see cref="RemoteCallException"/>
/// with the outcome the worker (or the pool) reported, which the invoker returns to the caller.
/// </summary>
internal class RemotePluginProxy : DispatchProxy
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Func<InvokeRequest, CallResult>? _send;
    private string _key = string.Empty;
    private int _maxResultBytes;

    /// <summary>A proxy for a plugin loaded in the pool's serving worker.</summary>
    public static object Create(Type contract, WorkerPool pool, string key, CallLimits limits, int maxResultBytes)
        => Create(contract, key, maxResultBytes, request => pool.InvokeAsync(request, limits, CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>A proxy whose calls go wherever <paramref name="send"/> takes them (for example a one-shot verification worker).</summary>
    public static object Create(Type contract, string key, int maxResultBytes, Func<InvokeRequest, CallResult> send)
    {
        var proxy = (RemotePluginProxy)DispatchProxy.Create(contract, typeof(RemotePluginProxy));
        proxy._send = send;
        proxy._key = key;
        proxy._maxResultBytes = maxResultBytes;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var parameters = targetMethod.GetParameters();
        var arguments = parameters.Select((p, i) => JsonSerializer.SerializeToElement(args?[i], p.ParameterType, Json)).ToList();
        var request = new InvokeRequest(_key, targetMethod.Name, parameters.Select(p => p.ParameterType.FullName!).ToList(), arguments, _maxResultBytes);

        // The contract is synchronous, so the call waits for the worker; the worker's deadline bounds the wait.
        var result = _send!(request);
        if (result.Outcome != nameof(PluginOutcomeKind.Completed))
        {
            var kind = Enum.TryParse<PluginOutcomeKind>(result.Outcome, out var parsed) ? parsed : PluginOutcomeKind.Faulted;
            throw new RemoteCallException(kind, result.Message ?? kind.ToString());
        }

        return targetMethod.ReturnType == typeof(void) || result.Result is not { } json ? null : json.Deserialize(targetMethod.ReturnType, Json);
    }
}
