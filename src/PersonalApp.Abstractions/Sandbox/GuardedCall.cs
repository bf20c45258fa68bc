using System.Text.RegularExpressions;

namespace PersonalApp.Sandbox;

/// <summary>How a guarded call ended, before either side (the host's invoker, the worker) turns it into its outcome.</summary>
internal enum GuardedEnd
{
    Completed,
    Limit,
    StackExhausted,
    RegexTimeout,
    OutOfMemory,
    Faulted,
}

/// <summary>The result of running plugin code under a guard scope.</summary>
internal readonly record struct GuardedResult<T>(GuardedEnd End, T? Value, PluginLimitExceededException? Limit, Exception? Exception)
{
    public string Message => End switch
    {
        GuardedEnd.Completed => string.Empty,
        GuardedEnd.Limit => Limit!.Message,
        GuardedEnd.StackExhausted => "The plugin nested too deeply: " + Exception!.Message,
        GuardedEnd.RegexTimeout => $"A regular expression ran past its {((RegexMatchTimeoutException)Exception!).MatchTimeout.TotalMilliseconds:N0} ms timeout.",
        GuardedEnd.OutOfMemory => "The plugin asked for more memory than the process could give: " + Exception!.Message,
        _ => $"{Exception!.GetType().Name}: {Exception.Message}",
    };
}

/// <summary>
/// Runs plugin code on the current thread inside a guard scope, under the invariant culture, and classifies how it
/// ended. Shared by the host's in-process invoker and the isolated worker, so both judge a call the same way.
/// </summary>
internal static class GuardedCall
{
    public static GuardedResult<T> Run<T>(GuardLimits limits, Func<T> call) => Run(limits, call, static run => run());

    /// <summary>
    /// Runs <paramref name="call"/> with <paramref name="state"/>: with a static lambda and a struct state, nothing is
    /// allocated for the call itself (the guard scope is the thread's spare, the cultures' change is cached).
    /// </summary>
    public static GuardedResult<T> Run<TState, T>(GuardLimits limits, TState state, Func<TState, T> call)
    {
        var culture = InvariantCultureScope.Enter();
        var scope = PluginGuard.Begin(limits);
        try
        {
            var value = call(state);
            return scope.Tripped is { } tripped
                ? new(GuardedEnd.Limit, default, tripped, tripped)
                : new(GuardedEnd.Completed, value, null, null);
        }
        catch (PluginLimitExceededException ex)
        {
            return new(GuardedEnd.Limit, default, scope.Tripped ?? ex, ex);
        }
        catch (Exception ex) when (scope.Tripped is { } tripped)
        {
            // Whatever the plugin turned the guard's exception into, the limit is what happened.
            return new(GuardedEnd.Limit, default, tripped, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            return new(GuardedEnd.StackExhausted, default, null, ex);
        }
        catch (RegexMatchTimeoutException ex)
        {
            return new(GuardedEnd.RegexTimeout, default, null, ex);
        }
        catch (OutOfMemoryException ex)
        {
            return new(GuardedEnd.OutOfMemory, default, null, ex);
        }
        catch (Exception ex)
        {
            return new(GuardedEnd.Faulted, default, null, ex);
        }
        finally
        {
            PluginGuard.End(scope);
            culture.Exit();
        }
    }
}
