using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using PersonalApp.Capabilities;
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

        var context = _contexts?.Create(plugin, userId);
        var outcome = Run(plugin, limits: plugin.Limits, () => call(plugin.Instance), context);
        if (!outcome.IsCompleted)
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
    /// Runs plugin code (a call, or its constructor at load) under the limits, with <paramref name="context"/> current
    /// (none for a constructor: capabilities exist only in calls); does not count failures.
    /// </summary>
    internal static PluginOutcome<TResult> Run<TResult>(LoadedPlugin? plugin, SandboxLimits limits, Func<TResult> call, PluginContext? context = null)
    {
        var previousContext = PluginContext.Enter(context);
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var scope = PluginGuard.Begin(limits.ToGuardLimits());
        try
        {
            var value = call();
            return scope.Tripped is { } tripped
                ? Limit<TResult>(plugin, tripped)
                : Outcome(plugin, PluginOutcomeKind.Completed, null, null, null, value);
        }
        catch (PluginLimitExceededException ex)
        {
            return Limit<TResult>(plugin, scope.Tripped ?? ex);
        }
        catch (Exception ex) when (scope.Tripped is { } tripped)
        {
            // Whatever the plugin turned the guard's exception into, the limit is what happened.
            _ = ex;
            return Limit<TResult>(plugin, tripped);
        }
        catch (InsufficientExecutionStackException ex)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.CallDepthExceeded, "The plugin nested too deeply: " + ex.Message, ex, PolicyLayer.RuntimeGuards);
        }
        catch (RegexMatchTimeoutException ex)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.TimedOut, $"A regular expression ran past its {ex.MatchTimeout.TotalMilliseconds:N0} ms timeout.", ex, PolicyLayer.RuntimeGuards);
        }
        catch (OutOfMemoryException ex)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.MemoryBudgetExceeded, "The plugin asked for more memory than the process could give: " + ex.Message, ex, PolicyLayer.RuntimeGuards);
        }
        catch (Exception ex)
        {
            return Outcome<TResult>(plugin, PluginOutcomeKind.Faulted, $"{ex.GetType().Name}: {ex.Message}", ex, null);
        }
        finally
        {
            PluginGuard.End(scope);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
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
