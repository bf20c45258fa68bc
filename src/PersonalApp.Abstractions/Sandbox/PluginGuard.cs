using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PersonalApp.Sandbox;

/// <summary>
/// The runtime guards that PersonalApp injects into generated plugins: at every method, lambda and local function
/// entry and loop back-edge (a decrement of <see cref="GuardScope.Budget"/> on the state from <see cref="State"/> or a
/// hidden parameter, or <see cref="Enter"/> and <see cref="Tick"/> where no state is kept), around array and collection sizes
/// (<see cref="Size(int)"/>) and regex timeouts (<see cref="RegexTimeout"/>). Plugin code never calls these itself
/// (the sandbox policy forbids it); the injected calls enforce the limits of the current plugin call.
/// </summary>
/// <remarks>
/// <para>
/// When a limit is reached the guard throws <see cref="PluginLimitExceededException"/> once. Injected exception filters
/// keep plugin <c>catch</c> clauses from catching it (<see cref="CanCatch"/>), injected checks skip plugin <c>finally</c>
/// bodies (<see cref="Stopped"/>), and every later guard returns <see langword="true"/> so the method returns at once
/// and the loop breaks: the call unwinds in one exception dispatch, without plugin code running on the way, so
/// neither swallowing nor rethrowing from handlers can hang the host or grow the stack.
/// </para>
/// <para>
/// The state is per thread: a plugin call runs on one thread from start to end (plugins may not start threads or
/// tasks). With no plugin call in progress on the thread the guards do nothing, so a plugin type can be created by
/// the loader without limits applying to its constructor's caller.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PluginGuard
{
    [ThreadStatic]
    private static GuardScope? t_scope;

    /// <summary>A finished scope kept for the thread's next call (see <see cref="Begin"/>).</summary>
    [ThreadStatic]
    private static GuardScope? t_spare;

    /// <summary>
    /// Gives the guard state of the plugin call in progress on this thread (a do-nothing state outside a call). A guarded
    /// function reads it once at entry into a local, and its entry and loop guards then decrement
    /// <see cref="GuardScope.Budget"/> inline, calling <see cref="GuardScope.Slow"/> only when it runs out.
    /// </summary>
    /// <returns>The state to guard the function with.</returns>
    public static GuardScope State() => t_scope ?? GuardScope.Unguarded;

    /// <summary>
    /// Guards a method, lambda or local function entry where the injector keeps no state local (async methods and
    /// iterators, which may resume on another thread): counts an operation and checks the stack depth.
    /// </summary>
    /// <returns><see langword="true"/> when the call is over (a limit was reached): the method must return at once.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Enter()
    {
        var scope = t_scope;
        if (scope is null)
        {
            return false;
        }

        if (--scope.Budget < 0)
        {
            return scope.Slow();
        }

        return scope.CheckStack();
    }

    /// <summary>Guards a loop back-edge where the injector keeps no state local: counts an operation, and every so often checks the limits.</summary>
    /// <returns><see langword="true"/> when the call is over (a limit was reached): the loop must break.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Tick()
    {
        var scope = t_scope;
        return scope is not null && --scope.Budget < 0 && scope.Slow();
    }

    /// <summary>Guards object construction from a field initializer, where returning early is impossible: throws once stopped.</summary>
    /// <returns><see langword="false"/>, the value of the guard field.</returns>
    public static bool EnterOrThrow() => Enter() ? throw Halt() : false;

    /// <summary>Guards a plugin <c>catch</c> clause: it may not catch anything once the call has reached a limit.</summary>
    /// <returns><see langword="false"/> once a limit was reached.</returns>
    public static bool CanCatch() => t_scope?.Tripped is null;

    /// <summary>Gives the exception to throw where a function cannot simply return once a limit is reached (ref returns).</summary>
    /// <returns>The call's limit exception.</returns>
    public static Exception Halt() => t_scope?.Tripped ?? new PluginLimitExceededException(PluginLimit.Operations, "The plugin call was stopped.");

    /// <summary>Guards a plugin <c>finally</c> body: it is skipped once the call has reached a limit.</summary>
    /// <returns><see langword="true"/> once a limit was reached.</returns>
    public static bool Stopped() => t_scope?.Tripped is not null;

    /// <summary>Checks a requested array length or collection capacity against the memory budget.</summary>
    /// <param name="count">The number of elements asked for.</param>
    /// <returns><paramref name="count"/>, when it fits.</returns>
    public static int Size(int count)
    {
        t_scope?.CheckSize(count);
        return count;
    }

    /// <summary>Checks a requested array length or collection capacity against the memory budget.</summary>
    /// <param name="count">The number of elements asked for.</param>
    /// <returns><paramref name="count"/>, when it fits.</returns>
    public static long Size(long count)
    {
        t_scope?.CheckSize(count);
        return count;
    }

    /// <summary>Checks one dimension of a new array: the running product of the dimensions against the memory budget.</summary>
    /// <param name="length">This dimension's length.</param>
    /// <param name="first">Whether this is the first dimension (which starts a new product).</param>
    /// <returns><paramref name="length"/>, when the array fits.</returns>
    public static int Dimension(int length, bool first)
    {
        if (t_scope is { } scope)
        {
            scope.Elements = first ? length : (long)Math.Min((double)scope.Elements * Math.Max(0, length), long.MaxValue);
            scope.CheckSize(length < 0 ? length : scope.Elements);
        }

        return length;
    }

    /// <summary>Caps a regular expression's match timeout at the call's regex limit.</summary>
    /// <param name="requested">The timeout the plugin asked for.</param>
    /// <returns>The smaller of the request and the limit.</returns>
    public static TimeSpan RegexTimeout(TimeSpan requested)
    {
        var scope = t_scope;
        var limit = scope?.Limits.MaxRegexTimeout ?? TimeSpan.FromMilliseconds(100);
        return requested <= TimeSpan.Zero || requested > limit ? limit : requested;
    }

    /// <summary>
    /// Starts guarding a plugin call on this thread. For PersonalApp's invoker only. The thread's spare scope is reused,
    /// so a call allocates none: no reference to a scope outlives its call (the injected code keeps it in locals and
    /// hidden parameters of the call's own frames; iterators and async methods read the thread's scope at each step).
    /// A nested call (a plugin reached from a capability of another) takes a new one while the spare is in use.
    /// </summary>
    internal static GuardScope Begin(GuardLimits limits)
    {
        var scope = t_spare ?? new GuardScope();
        t_spare = null;
        scope.Start(limits, t_scope);
        t_scope = scope;
        return scope;
    }

    /// <summary>Ends the call that <see cref="Begin"/> started: the caller's scope is current again, and this one is the thread's spare.</summary>
    internal static void End(GuardScope scope)
    {
        t_scope = scope.Previous;
        scope.Finish();
        t_spare = scope;
    }

    internal static GuardScope? Current => t_scope;

    /// <summary>How long the plugin call in progress on this thread may still run, or <see langword="null"/> outside a call. For capabilities that wait (HTTP).</summary>
    internal static TimeSpan? TimeLeft => t_scope?.TimeLeft;
}

/// <summary>The limits of one plugin call, as the guards read them.</summary>
/// <param name="Timeout">Wall-clock time.</param>
/// <param name="MaxOperations">Guarded operations (entries and loop iterations).</param>
/// <param name="MaxAllocatedBytes">Bytes allocated on the calling thread.</param>
/// <param name="MaxStackBytes">Stack used below the call's start.</param>
/// <param name="MaxRegexTimeout">The longest match timeout a regex may use.</param>
internal sealed record GuardLimits(TimeSpan Timeout, long MaxOperations, long MaxAllocatedBytes, int MaxStackBytes, TimeSpan MaxRegexTimeout);

