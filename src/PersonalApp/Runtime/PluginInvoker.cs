using Microsoft.Extensions.Logging;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Runtime.Hosts;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime;

/// <summary>
/// The one way into a plugin: runs the call on the caller's thread inside a guard scope (time, operations, memory,
/// stack), under the invariant culture, with the call's <see cref="PluginContext"/> (the user and the granted
/// capabilities) current, catches whatever the plugin throws, and returns a typed outcome. A plugin that fails too often
/// within its window is disabled (and audited) by the runtime; other plugins keep working.
/// </summary>
internal sealed partial class PluginInvoker
{
    private readonly PluginRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PluginInvoker(PluginRuntime runtime, TimeProvider time, ILogger logger)
    {
        _runtime = runtime;
        _time = time;
        _logger = logger;
    }

    /// <summary>Calls a plugin on behalf of its owner.</summary>
    public PluginOutcome<TResult> Invoke<TResult>(LoadedPlugin plugin, Func<object, TResult> call) => Invoke(plugin, plugin.Owner, call);

    /// <summary>Calls a plugin on behalf of <paramref name="userId"/> (its owner, or a user it is shared with).</summary>
    public PluginOutcome<TResult> Invoke<TContract, TResult>(LoadedPlugin plugin, string userId, Func<TContract, TResult> call)
        where TContract : class
        => Invoke<TContract, Func<TContract, TResult>, TResult>(plugin, userId, call, static (contract, run) => run(contract));

    /// <summary>
    /// Calls a plugin on behalf of <paramref name="userId"/> with <paramref name="state"/> passed to
    /// <paramref name="call"/>, so a caller's static lambda captures nothing and an in-process call allocates nothing.
    /// </summary>
    public PluginOutcome<TResult> Invoke<TContract, TState, TResult>(LoadedPlugin plugin, string userId, TState state, Func<TContract, TState, TResult> call)
        where TContract : class
    {
        if (plugin.Withdrawn)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.Disabled, $"Plugin {plugin.Key} was revoked after this feature was handed out; it no longer runs. Ask IPersonalFeatures.GetAll again for the features that are live.", null, null);
        }

        if (plugin.Disabled)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.Disabled, $"Plugin {plugin.Key} is disabled after repeated failures; an admin can approve a new version.", null, null);
        }

        // The host knows the placement: a guard scope here, or a round trip to a worker. The in-process host, sealed, is
        // called directly with the state (no closure, no generic interface dispatch); any other through IPluginHost.
        var outcome = plugin.Host is InProcessPluginHost inProcess
            ? inProcess.Invoke(plugin, userId, state, call)
            : ThroughHost(plugin, userId, state, call);
        if (outcome.IsCompleted && outcome.Value is Views.PluginView view && Views.ViewChecker.Problem(view) is { } tooLarge)
        {
            outcome = Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, $"{DiagnosticIds.ViewTooLarge}: {tooLarge}", null, null);
        }

        if (!outcome.IsCompleted)
        {
            CountFailure(plugin, outcome.Kind, outcome.Message, outcome.Exception);
        }

        return outcome;
    }

    /// <summary>Any other placement (a worker's round trip): its closure is made here, so the in-process path never pays for it.</summary>
    private static PluginOutcome<TResult> ThroughHost<TContract, TState, TResult>(LoadedPlugin plugin, string userId, TState state, Func<TContract, TState, TResult> call)
        where TContract : class
        => plugin.Host.Invoke<TContract, TResult>(plugin, userId, contract => call(contract, state));

    /// <summary>
    /// Counts a call that did not complete against its plugin, and disables the plugin once too many failed within its
    /// window. The one place failures are counted: what is not counted is decided here.
    /// </summary>
    private void CountFailure(LoadedPlugin plugin, PluginOutcomeKind kind, string? message, Exception? exception)
    {
        // A call that never ran because its version was taken out of service (revoked or replaced in its worker) or its
        // worker was lost to another plugin, or that failed while the host could not serve it (its store busy, locked or
        // full, or keeping the call waiting), is not counted against this one.
        if (kind == PluginOutcomeKind.Disabled || exception is Isolation.RemoteCallException { WorkerLost: true } or HostFaultException)
        {
            return;
        }

        LogFailed(plugin.Key.ToString(), kind, message);
        var failures = plugin.RecordFailure(_time.GetUtcNow());
        if (failures >= plugin.Limits.FaultsBeforeDisable)
        {
            _runtime.Disable(plugin, $"{failures} failed calls within {plugin.Limits.FaultWindow}; the last: {kind}: {message}");
        }
    }

    /// <summary>
    /// Runs plugin code (a call, or its constructor at load) under the limits, with <paramref name="context"/> current
    /// (none for a constructor: capabilities exist only in calls); does not count failures.
    /// </summary>
    internal static PluginOutcome<TResult> Run<TResult>(LoadedPlugin? plugin, SandboxLimits limits, Func<TResult> call, PluginContext? context = null)
        => Run(plugin, limits.ToGuardLimits(), call, static run => run(), context);

    /// <summary>
    /// Runs <paramref name="call"/> with <paramref name="state"/> under the limits, with <paramref name="context"/>
    /// current; does not count failures. With a static lambda and a struct state nothing is allocated for the call.
    /// </summary>
    internal static PluginOutcome<TResult> Run<TState, TResult>(LoadedPlugin? plugin, GuardLimits limits, TState state, Func<TState, TResult> call, PluginContext? context)
    {
        var previousContext = PluginContext.Enter(context);
        try
        {
            var result = GuardedCall.Run(limits, state, call);
            var outcome = result.End switch
            {
                GuardedEnd.Completed => Outcome(plugin, PluginOutcomeKind.Completed, null, null, null, result.Value),
                GuardedEnd.Limit => Limit<TResult>(plugin, result.Limit!),
                GuardedEnd.StackExhausted => Outcome<TResult>(plugin, PluginOutcomeKind.CallDepthExceeded, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                GuardedEnd.RegexTimeout => Outcome<TResult>(plugin, PluginOutcomeKind.TimedOut, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                GuardedEnd.OutOfMemory => Outcome<TResult>(plugin, PluginOutcomeKind.MemoryBudgetExceeded, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                _ => Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, result.Message, result.Exception, null),
            };
            return outcome.IsCompleted ? outcome : HostFaultException.Attach(outcome, context);
        }
        finally
        {
            PluginContext.Exit(previousContext);
        }
    }

    private static PluginOutcome<TResult> Limit<TResult>(LoadedPlugin? plugin, PluginLimitExceededException tripped)
    {
        var kind = tripped.Limit switch
        {
            PluginLimit.Time => PluginOutcomeKind.TimedOut,
            PluginLimit.Memory => PluginOutcomeKind.MemoryBudgetExceeded,
            PluginLimit.CallDepth => PluginOutcomeKind.CallDepthExceeded,
            _ => PluginOutcomeKind.OperationBudgetExceeded,
        };
        return Outcome<TResult>(plugin, kind, tripped.Message, tripped, PolicyLayer.RuntimeGuards);
    }

    internal static PluginOutcome<TResult> Outcome<TResult>(LoadedPlugin? plugin, PluginOutcomeKind kind, string? message, Exception? exception, PolicyLayer? layer, TResult? value = default)
        => new()
        {
            Plugin = plugin?.Key ?? default,
            Kind = kind,
            Message = message,
            Exception = exception,
            Layer = layer,
            Value = value,
        };

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Plugin {Key} call did not complete: {Kind}: {Reason}")]
    private partial void LogFailed(string key, PluginOutcomeKind kind, string? reason);
}
