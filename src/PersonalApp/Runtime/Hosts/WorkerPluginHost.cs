using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Sandbox;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Runtime.Hosts;

/// <summary>
/// A plugin version loaded into the serving worker process through <see cref="WorkerPool"/>: its code never runs in the
/// host. <see cref="Instance"/> is a <see cref="RemotePluginProxy"/> that forwards each call; the worker's guards bound
/// it, and the worker's answer (or its loss) comes back as the outcome.
/// </summary>
internal sealed class WorkerPluginHost : IPluginHost
{
    private readonly WorkerPool _workers;
    private readonly string _key;
    private readonly PluginContextFactory _contexts;
    private int _unloaded;

    private WorkerPluginHost(WorkerPool workers, string key, object proxy, PluginContextFactory contexts)
    {
        _workers = workers;
        _key = key;
        _contexts = contexts;
        Instance = proxy;
    }

    public PluginPlacement Placement => PluginPlacement.Isolated;

    public object Instance { get; }

    /// <summary>Asks the worker to load the version; throws <see cref="PersonalizationException"/> when it cannot.</summary>
    public static async Task<WorkerPluginHost> LoadAsync(PluginLoadRequest request, WorkerPool workers, IsolationOptions isolation, PluginContextFactory contexts, CancellationToken cancellationToken)
    {
        var version = request.Version;
        if (request.ExtensionPoint.IsolationProblem is { } problem)
        {
            throw new PersonalizationException(DiagnosticIds.ContractNotIsolatable, $"Plugin version {version.Key} cannot be placed Isolated: {problem} Approve it InProcess, or change the contract.");
        }

        var limits = request.Limits;
        var callLimits = new CallLimits(limits.Timeout.TotalMilliseconds, limits.MaxOperations, limits.MaxAllocatedBytes, limits.MaxStackBytes, limits.MaxRegexTimeout.TotalMilliseconds);
        var key = version.Key.ToString();
        var load = new LoadRequest(key, request.Image.Dll, version.TypeName, request.ContractType.FullName!, workers.ContractAssembliesInImage(request.ContractType), callLimits);
        var result = await workers.LoadAsync(load, cancellationToken).ConfigureAwait(false);
        if (!result.IsCompleted)
        {
            throw new PersonalizationException(
                DiagnosticIds.LoadFailed,
                $"Plugin version {version.Key} could not be loaded into its isolated worker ({result.Outcome}: {result.Message}). It stays as it was.");
        }

        var proxy = RemotePluginProxy.Create(request.ContractType, workers, version.Key, callLimits, isolation.MaxResponseBytes);
        return new WorkerPluginHost(workers, key, proxy, contexts);
    }

    /// <summary>
    /// No guard scope here: the plugin's code runs in its worker, under the worker's guards. The call's context is made
    /// current so the proxy hands it to the pool, which serves the worker's forwarded capability calls with it
    /// (<see cref="CapabilityBroker"/>): grants, quotas and counts are the host's, never the worker's.
    /// </summary>
    public PluginOutcome<TResult> Invoke<TContract, TResult>(LoadedPlugin plugin, string userId, Func<TContract, TResult> call)
        where TContract : class
    {
        var context = _contexts.Create(plugin.Key, plugin.Granted, userId);
        var previous = PluginContext.Enter(context);
        try
        {
            return PluginInvoker.Outcome(plugin, PluginOutcomeKind.Completed, null, null, null, call((TContract)Instance));
        }
        catch (RemoteCallException ex)
        {
            var layer = ex.Kind is PluginOutcomeKind.Faulted or PluginOutcomeKind.Disabled ? (PolicyLayer?)null : PolicyLayer.RuntimeGuards;
            return HostFaultException.Attach(PluginInvoker.Outcome<TResult>(plugin, ex.Kind, ex.Message, ex, layer), context);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            return PluginInvoker.Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, "The plugin's result could not be read back from its worker: " + ex.Message, ex, null);
        }
        finally
        {
            PluginContext.Exit(previous);
        }
    }

    public WeakReference? Unload()
    {
        if (Interlocked.Exchange(ref _unloaded, 1) == 0)
        {
            _workers.Unload(_key);
        }

        return null;
    }

    public WeakReference? LoadContextHandle() => null;
}
