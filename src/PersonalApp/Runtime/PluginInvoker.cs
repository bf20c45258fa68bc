using Microsoft.Extensions.Logging;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
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
    private readonly PluginContextFactory? _contexts;

    public PluginInvoker(PluginRuntime runtime, TimeProvider time, ILogger logger, PluginContextFactory? contexts = null)
    {
        _runtime = runtime;
        _time = time;
        _logger = logger;
        _contexts = contexts;
    }

    /// <summary>Calls a plugin on behalf of its owner.</summary>
    public PluginOutcome<TResult> Invoke<TResult>(LoadedPlugin plugin, Func<object, TResult> call) => Invoke(plugin, plugin.Owner, call);

    /// <summary>Calls a plugin on behalf of <paramref name="userId"/> (its owner, or a user it is shared with).</summary>
    public PluginOutcome<TResult> Invoke<TResult>(LoadedPlugin plugin, string userId, Func<object, TResult> call)
    {
        if (plugin.Disabled)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.Disabled, $"Plugin {plugin.Key} is disabled after repeated failures; an admin can approve a new version.", null, null);
        }

        // An isolated call takes its context to the pool, which serves the worker's capability calls with it.
        var context = _contexts?.Create(plugin, userId);
        var outcome = plugin.Placement == PluginPlacement.Isolated
            ? RunIsolated(plugin, () => call(plugin.Instance), context)
            : Run(plugin, limits: plugin.Limits, () => call(plugin.Instance), context);
        if (outcome.IsCompleted && outcome.Value is Views.PluginView view && Views.ViewChecker.Problem(view) is { } tooLarge)
        {
            outcome = Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, $"{DiagnosticIds.ViewTooLarge}: {tooLarge}", null, null);
        }

        if (!outcome.IsCompleted && outcome.Exception is not RemoteCallException { WorkerLost: true })
        {
            LogFailed(plugin.Key.ToString(), outcome.Kind, outcome.Message);
            var failures = plugin.RecordFailure(_time.GetUtcNow());
            if (failures >= plugin.Limits.FaultsBeforeDisable)
            {
                _runtime.Disable(plugin, $"{failures} failed calls within {plugin.Limits.FaultWindow}; the last: {outcome.Kind}: {outcome.Message}");
            }
        }

        return outcome;
    }

    /// <summary>
    /// Runs host code that calls an isolated plugin through its proxy: no guard scope here (the plugin's code runs in its
    /// worker, under the worker's guards); the worker's outcome comes back as a <see cref="RemoteCallException"/>. A call
    /// that never ran because its worker was lost to another plugin is Faulted but not counted against this one.
    /// </summary>
    private static PluginOutcome<TResult> RunIsolated<TResult>(LoadedPlugin plugin, Func<TResult> call, PluginContext? context)
    {
        var previousContext = PluginContext.Enter(context);
        try
        {
            return Outcome(plugin, PluginOutcomeKind.Completed, null, null, null, call());
        }
        catch (RemoteCallException ex)
        {
            var layer = ex.Kind is PluginOutcomeKind.Faulted ? (PolicyLayer?)null : PolicyLayer.RuntimeGuards;
            return Outcome<TResult>(plugin, ex.Kind, ex.Message, ex, layer);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, "The plugin's result could not be read back from its worker: " + ex.Message, ex, null);
        }
        finally
        {
            PluginContext.Exit(previousContext);
        }
    }

    /// <summary>
    /// Runs plugin code (a call, or its constructor at load) under the limits, with <paramref name="context"/> current
    /// (none for a constructor: capabilities exist only in calls); does not count failures.
    /// </summary>
    internal static PluginOutcome<TResult> Run<TResult>(LoadedPlugin? plugin, SandboxLimits limits, Func<TResult> call, PluginContext? context = null)
    {
        var previousContext = PluginContext.Enter(context);
        try
        {
            var result = GuardedCall.Run(limits.ToGuardLimits(), call);
            return result.End switch
            {
                GuardedEnd.Completed => Outcome(plugin, PluginOutcomeKind.Completed, null, null, null, result.Value),
                GuardedEnd.Limit => Limit<TResult>(plugin, result.Limit!),
                GuardedEnd.StackExhausted => Outcome<TResult>(plugin, PluginOutcomeKind.CallDepthExceeded, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                GuardedEnd.RegexTimeout => Outcome<TResult>(plugin, PluginOutcomeKind.TimedOut, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                GuardedEnd.OutOfMemory => Outcome<TResult>(plugin, PluginOutcomeKind.MemoryBudgetExceeded, result.Message, result.Exception, PolicyLayer.RuntimeGuards),
                _ => Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, result.Message, result.Exception, null),
            };
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

    private static PluginOutcome<TResult> Outcome<TResult>(LoadedPlugin? plugin, PluginOutcomeKind kind, string? message, Exception? exception, PolicyLayer? layer, TResult? value = default)
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
