using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins;
using PersonalApp.Sandbox;
using PersonalApp.Worker.Protocol;
using StreamJsonRpc;

namespace PersonalApp.Worker;

/// <summary>
/// The worker's RPC target: loads plugin versions into collectible contexts (McMaster.NETCore.Plugins, the contract
/// assemblies shared), and runs calls on them under the same guards as the host's in-process invoker.
/// </summary>
internal sealed class WorkerService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Loaded> _plugins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Assembly> _contracts = new(StringComparer.Ordinal);
    private readonly string _scratch;
    private readonly JsonRpc? _host;

    public WorkerService(string scratch, JsonRpc? host = null)
    {
        _scratch = scratch;
        _host = host;
    }

    public WorkerHello Hello()
        => new(
            Environment.ProcessId,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Environment.GetEnvironmentVariables().Count);

    public CallResult Load(LoadRequest request)
    {
        var contract = ContractType(request);
        var folder = Path.Combine(_scratch, Sanitize(request.Key));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "plugin.dll");
        File.WriteAllBytes(path, request.Image);
        var loader = PluginLoader.CreateFromAssemblyFile(
            path,
            isUnloadable: true,
            sharedTypes: [contract, typeof(PluginGuard)],
            configure: config =>
            {
                config.LoadInMemory = true;
                config.PreferSharedTypes = true;
            });
        var type = loader.LoadDefaultAssembly().GetType(request.TypeName, throwOnError: true)!;
        var created = GuardedCall.Run(Limits(request.Limits), () => Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, binder: null, args: null, culture: null)!);
        if (created.End != GuardedEnd.Completed)
        {
            loader.Dispose();
            return Ended(created);
        }

        if (!contract.IsInstanceOfType(created.Value))
        {
            loader.Dispose();
            return new CallResult(CallOutcome.Faulted, null, $"{type.FullName} does not implement {contract.FullName} in the worker.");
        }

        if (_plugins.TryRemove(request.Key, out var old))
        {
            old.Loader.Dispose();
        }

        _plugins[request.Key] = new Loaded(contract, created.Value!, loader, Limits(request.Limits), new ScratchCapabilities().ContextFor(request.Key));
        return CallResult.Completed;
    }

    public CallResult Invoke(InvokeRequest request)
    {
        if (!_plugins.TryGetValue(request.Key, out var plugin))
        {
            return new CallResult(CallOutcome.NotLoaded, null, $"Plugin {request.Key} is not loaded in this worker.");
        }

        var method = plugin.Contract.GetMethods()
            .Concat(plugin.Contract.GetInterfaces().SelectMany(i => i.GetMethods()))
            .FirstOrDefault(m => m.Name == request.Method && m.GetParameters().Select(p => p.ParameterType.FullName).SequenceEqual(request.ParameterTypes));
        if (method is null)
        {
            return new CallResult(CallOutcome.Faulted, null, $"The contract has no method {request.Method}({string.Join(", ", request.ParameterTypes)}).");
        }

        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = request.Arguments[i].Deserialize(parameters[i].ParameterType, Json);
        }

        var context = request.Grant is { } grant && _host is not null ? ForwardedContext(request.Key, grant) : plugin.Context;
        var result = WithContext(context, () => GuardedCall.Run(plugin.Limits, () => method.Invoke(plugin.Instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)));
        if (result.End != GuardedEnd.Completed)
        {
            return Ended(result);
        }

        var json = JsonSerializer.SerializeToElement(result.Value, method.ReturnType, Json);
        var size = json.GetRawText().Length;
        return size > request.MaxResultBytes
            ? new CallResult(CallOutcome.MemoryBudgetExceeded, null, $"The plugin's result is {size:N0} bytes, more than the {request.MaxResultBytes:N0} a call may send back.")
            : new CallResult(CallOutcome.Completed, json, null);
    }

    /// <summary>
    /// Runs the checks the model wrote beside the plugin: every public static parameterless method returning bool of a
    /// static class whose name ends in "Checks", each under the plugin's limits.
    /// </summary>
    public ChecksResult Checks(string key)
    {
        if (!_plugins.TryGetValue(key, out var plugin))
        {
            return new ChecksResult([new CheckOutcome("(load)", false, $"Plugin {key} is not loaded in this worker.", 0)]);
        }

        var methods = plugin.Instance.GetType().Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Checks", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.ReturnType == typeof(bool) && m.GetParameters().Length == 0)
            .OrderBy(m => m.Name, StringComparer.Ordinal);
        var outcomes = new List<CheckOutcome>();
        foreach (var method in methods)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = WithContext(plugin.Context, () => GuardedCall.Run(plugin.Limits, () => (bool)method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [], culture: null)!));
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            outcomes.Add(result.End == GuardedEnd.Completed
                ? new CheckOutcome(method.Name, result.Value, result.Value ? null : "returned false", elapsed)
                : new CheckOutcome(method.Name, false, result.Message, elapsed));
        }

        return new ChecksResult(outcomes);
    }

    public void Unload(string key)
    {
        if (_plugins.TryRemove(key, out var plugin))
        {
            plugin.Loader.Dispose();
        }
    }

    /// <summary>The context of a call whose capabilities the host serves: the grant's, forwarded with the call's token.</summary>
    private PersonalApp.Capabilities.PluginContext ForwardedContext(string key, CallGrant grant)
    {
        var split = key.LastIndexOf(" v", StringComparison.Ordinal);
        var (pluginId, version) = split > 0 && int.TryParse(key.AsSpan(split + 2), System.Globalization.CultureInfo.InvariantCulture, out var v) ? (key[..split], v) : (key, 0);
        return new ForwardedCapabilities(_host!, grant, key).ContextFor(pluginId, version, grant.UserId);
    }

    private static T WithContext<T>(PersonalApp.Capabilities.PluginContext context, Func<T> call)
    {
        var previous = PersonalApp.Capabilities.PluginContext.Enter(context);
        try
        {
            return call();
        }
        finally
        {
            PersonalApp.Capabilities.PluginContext.Exit(previous);
        }
    }

    private static GuardLimits Limits(CallLimits limits) => new(
        TimeSpan.FromMilliseconds(limits.TimeoutMilliseconds),
        limits.MaxOperations,
        limits.MaxAllocatedBytes,
        limits.MaxStackBytes,
        TimeSpan.FromMilliseconds(limits.MaxRegexTimeoutMilliseconds));

    private static CallResult Ended<T>(GuardedResult<T> result) => new(
        result.End switch
        {
            GuardedEnd.Limit => result.Limit!.Limit switch
            {
                PluginLimit.Time => CallOutcome.TimedOut,
                PluginLimit.Memory => CallOutcome.MemoryBudgetExceeded,
                PluginLimit.CallDepth => CallOutcome.CallDepthExceeded,
                _ => CallOutcome.OperationBudgetExceeded,
            },
            GuardedEnd.StackExhausted => CallOutcome.CallDepthExceeded,
            GuardedEnd.RegexTimeout => CallOutcome.TimedOut,
            GuardedEnd.OutOfMemory => CallOutcome.MemoryBudgetExceeded,
            _ => CallOutcome.Faulted,
        },
        null,
        result.Message);

    private Type ContractType(LoadRequest request)
    {
        foreach (var path in request.ContractAssemblies)
        {
            _contracts.GetOrAdd(path, p => AssemblyLoadContext.Default.LoadFromAssemblyPath(p));
        }

        return _contracts.Values.Select(a => a.GetType(request.ContractType)).FirstOrDefault(t => t is not null)
            ?? throw new InvalidOperationException($"The contract {request.ContractType} is not in the assemblies the host sent.");
    }

    private static string Sanitize(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private sealed record Loaded(Type Contract, object Instance, PluginLoader Loader, GuardLimits Limits, PersonalApp.Capabilities.PluginContext Context);
}
