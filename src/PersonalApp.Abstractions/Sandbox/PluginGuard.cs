using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PersonalApp.Sandbox;

/// <summary>
/// The runtime guards that PersonalApp injects into generated plugins: at every method, lambda and local function
/// entry (<see cref="Enter"/>), at every loop back-edge (<see cref="Tick"/>), around array and collection sizes
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

    /// <summary>Guards a method, lambda or local function entry: counts an operation and checks the stack depth.</summary>
    /// <returns><see langword="true"/> when the call is over (a limit was reached): the method must return at once.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Enter()
    {
        var scope = t_scope;
        if (scope is null)
        {
            return false;
        }

        if (--scope.Countdown <= 0)
        {
            return scope.Check();
        }

        return scope.CheckStack();
    }

    /// <summary>Guards a loop back-edge: counts an operation, and every so often checks time and memory.</summary>
    /// <returns><see langword="true"/> when the call is over (a limit was reached): the loop must break.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Tick()
    {
        var scope = t_scope;
        return scope is not null && --scope.Countdown <= 0 && scope.Check();
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

    /// <summary>Starts guarding a plugin call on this thread. For PersonalApp's invoker only.</summary>
    internal static GuardScope Begin(GuardLimits limits)
    {
        var scope = new GuardScope(limits, t_scope);
        t_scope = scope;
        return scope;
    }

    internal static void End(GuardScope scope) => t_scope = scope.Previous;

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

/// <summary>The state of one guarded call on one thread.</summary>
internal sealed class GuardScope
{
    /// <summary>Operations between two checks of the clock and the allocation counter, when memory use is calm.</summary>
    private const int CheckInterval = 64;

    private readonly long _deadline;
    private readonly long _startAllocated;
    private readonly nint _stackBase;
    private long _operationsLeft;
    private long _lastAllocated;
    private int _period;
    private int _sinceClock;

    internal unsafe GuardScope(GuardLimits limits, GuardScope? previous)
    {
        Limits = limits;
        Previous = previous;
        _operationsLeft = limits.MaxOperations;
        _deadline = Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        _startAllocated = GC.GetAllocatedBytesForCurrentThread();
        _lastAllocated = _startAllocated;
        byte marker = 0;
        _stackBase = (nint)(&marker);
        // Start by checking often; the interval doubles while the call allocates little (see Check).
        Countdown = 1;
        _period = 1;
    }

    public GuardLimits Limits { get; }

    public GuardScope? Previous { get; }

    /// <summary>The product of the dimensions of the array being created, checked as each dimension is evaluated.</summary>
    public long Elements;

    /// <summary>Counts down to the next full check.</summary>
    public int Countdown;

    /// <summary>The first limit exceeded, if any: sticky, so catching the exception does not help.</summary>
    public PluginLimitExceededException? Tripped { get; private set; }

    public long OperationsUsed => Limits.MaxOperations - _operationsLeft + (_period - Countdown);

    public long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread() - _startAllocated;

    public TimeSpan TimeLeft => TimeSpan.FromSeconds(Math.Max(0, _deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>Checks every limit; throws the first time one is exceeded, and returns <see langword="true"/> ever after.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Check()
    {
        if (Tripped is not null)
        {
            Countdown = 0;
            return true;
        }

        var ran = _period - Countdown;
        _operationsLeft -= ran;
        if (_operationsLeft < 0)
        {
            return Trip(PluginLimit.Operations, $"The plugin call used more than {Limits.MaxOperations:N0} operations (method entries and loop iterations).");
        }

        _sinceClock += ran;
        if (_sinceClock >= CheckInterval)
        {
            _sinceClock = 0;
            if (Stopwatch.GetTimestamp() > _deadline)
            {
                return Trip(PluginLimit.Time, $"The plugin call ran longer than {Limits.Timeout.TotalMilliseconds:N0} ms.");
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var used = allocated - _startAllocated;
        if (used > Limits.MaxAllocatedBytes)
        {
            return Trip(PluginLimit.Memory, $"The plugin call allocated {used:N0} bytes, more than its budget of {Limits.MaxAllocatedBytes:N0}.");
        }

        // While the call allocates (a string doubling each iteration, a list growing), check at every operation, so one
        // interval cannot carry it far past its budget; while it only computes, the interval doubles up to 64.
        var growth = allocated - _lastAllocated;
        _lastAllocated = allocated;
        var left = Limits.MaxAllocatedBytes - used;
        var allocating = growth >= 256L * Math.Max(1, ran) || growth * 4 > left;
        _period = (int)Math.Clamp(allocating ? 1 : _period * 2L, 1, Math.Min(CheckInterval, Math.Max(1, _operationsLeft)));
        Countdown = _period;
        return CheckStack();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool CheckStack()
    {
        byte marker = 0;
        return _stackBase - (nint)(&marker) > Limits.MaxStackBytes && TripStack();
    }

    public void CheckSize(long count)
    {
        // Elements are counted at 8 bytes: a conservative size for a reference or a long. Once stopped, any size is refused.
        var left = Limits.MaxAllocatedBytes - AllocatedBytes;
        if (Tripped is not null || count < 0 || count > left / 8)
        {
            Trip(PluginLimit.Memory, $"The plugin asked for {count:N0} elements at once; its memory budget allows {Math.Max(0, left / 8):N0}.");
            throw Tripped!;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TripStack() => Trip(PluginLimit.CallDepth, $"The plugin call nested deeper than its stack budget of {Limits.MaxStackBytes:N0} bytes (unbounded recursion?).");

    /// <summary>Records the first limit reached and throws it once; later calls return <see langword="true"/> (stop).</summary>
    private bool Trip(PluginLimit limit, string message)
    {
        _period = 0;
        Countdown = 0;
        if (Tripped is not null)
        {
            return true;
        }

        Tripped = new PluginLimitExceededException(limit, message);
        throw Tripped;
    }
}
