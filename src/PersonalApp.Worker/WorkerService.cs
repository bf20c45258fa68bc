using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins;
using PersonalApp.Sandbox;
using PersonalApp.Worker.Protocol;

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

    public WorkerService(string scratch)
    {
        _scratch = scratch;
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

    /// <summary>Opens the call channel to the host's socket (<see cref="CallChannel"/>); returns once the worker has presented the secret.</summary>
    public bool Connect(string path, string secret)
    {
        CallChannel.Open(path, Convert.FromBase64String(secret), this);
        return true;
    }

    /// <summary>
    /// Runs one call from the call channel: the method found once per signature, the arguments read from the frame's JSON,
    /// the result written by <paramref name="result"/> when the call completes. With a grant, the plugin's capability calls
    /// go to the host through <paramref name="ask"/>; without, it gets the scratch capabilities it was loaded with.
    /// </summary>
    public (CallOutcome Outcome, string? Message) Invoke(string key, string signature, ReadOnlySpan<byte> arguments, CallGrant? grant, Utf8JsonWriter result, Func<CapabilityRequest, CapabilityResponse> ask)
    {
        if (!_plugins.TryGetValue(key, out var plugin))
        {
            return (CallOutcome.NotLoaded, $"Plugin {key} is not loaded in this worker.");
        }

        var method = plugin.Methods.GetOrAdd(signature, ContractMethod.Find, plugin.Contract);
        if (method is null)
        {
            return (CallOutcome.Faulted, $"The contract has no method {signature}.");
        }

        object?[] values;
        try
        {
            values = method.ReadArguments(arguments, Json);
        }
        catch (JsonException ex)
        {
            return (CallOutcome.Faulted, "The call's arguments could not be read in the worker: " + ex.Message);
        }

        var context = grant is not null ? ForwardedContext(key, grant, ask) : plugin.Context;
        var ended = WithContext(context, () => GuardedCall.Run(plugin.Limits, () => method.Method.Invoke(plugin.Instance, BindingFlags.DoNotWrapExceptions, binder: null, values, culture: null)));
        if (ended.End != GuardedEnd.Completed)
        {
            var failed = Ended(ended);
            return (failed.Outcome, failed.Message);
        }

        try
        {
            JsonSerializer.Serialize(result, ended.Value, method.Method.ReturnType == typeof(void) ? typeof(object) : method.Method.ReturnType, Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return (CallOutcome.Faulted, "The plugin's result could not be written: " + ex.Message);
        }

        return (CallOutcome.Completed, null);
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
    private static PersonalApp.Capabilities.PluginContext ForwardedContext(string key, CallGrant grant, Func<CapabilityRequest, CapabilityResponse> ask)
    {
        var split = key.LastIndexOf(" v", StringComparison.Ordinal);
        var (pluginId, version) = split > 0 && int.TryParse(key.AsSpan(split + 2), System.Globalization.CultureInfo.InvariantCulture, out var v) ? (key[..split], v) : (key, 0);
        return new ForwardedCapabilities(ask, grant, key).ContextFor(pluginId, version, grant.UserId);
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

    private sealed record Loaded(Type Contract, object Instance, PluginLoader Loader, GuardLimits Limits, PersonalApp.Capabilities.PluginContext Context)
    {
        /// <summary>The contract's methods found so far, by signature (null: the contract has none with it).</summary>
        public ConcurrentDictionary<string, ContractMethod?> Methods { get; } = new(StringComparer.Ordinal);
    }
}
