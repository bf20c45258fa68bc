using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PersonalApp.Sandbox;

/// <summary>
/// The guard state of one plugin call on one thread. Injected code only: a guarded function reads it once at entry
/// (<see cref="PluginGuard.State"/>) or receives it from its caller as a hidden last parameter (plugin-private methods),
/// and then runs <c>if (--state.Budget &lt; 0 &amp;&amp; state.Slow()) return ...;</c> at its entry and at every loop
/// back-edge, with no call on the fast path.
/// </summary>
/// <remarks>
/// Public only because the injected code must reach <see cref="Budget"/>, <see cref="Slow"/> and <see cref="Deep"/>
/// from the plugin's assembly. Plugin source can never name this type or its members: the symbol policy rejects every
/// type in the <c>PersonalApp.Sandbox</c> namespace of a host assembly, the injected local or parameter has a name that
/// does not occur in the plugin's source, and the IL scan allows only these members. Overwriting <see cref="Budget"/>
/// could not lift a limit anyway: <see cref="Slow"/> counts operations and checks time, memory and stack itself.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GuardScope
{
    /// <summary>The most operations between two checks of the clock and the allocation counter, when the call is calm.</summary>
    internal const int CheckInterval = 1024;

    /// <summary>
    /// The most stack one guarded function without a per-entry stack check may take. The injector gives every function
    /// whose locals, parameters and value-type temporaries may exceed <see cref="SmallFrameBytes"/> a per-entry check
    /// (<see cref="Deep"/>); the others take far less than this, so the stack is checked often enough that the
    /// call never passes its budget by more than a few frames.
    /// </summary>
    internal const int FrameBound = 1024;

    /// <summary>The size of the locals, parameters and value-type temporaries under which a function needs no per-entry stack check.</summary>
    internal const int SmallFrameBytes = 256;

    /// <summary>
    /// The most operations between two stack checks: even at <see cref="FrameBound"/> per frame, at most 128 KB of
    /// stack between checks, which the runtime's own margin (<see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/>) covers.
    /// </summary>
    private const int StackInterval = 128;

    /// <summary>The state outside any plugin call: no limits apply (as for a plugin type's constructor run by the loader).</summary>
    internal static readonly GuardScope Unguarded = new(unlimited: true);

    private readonly bool _unlimited;
    private long _deadline;
    private long _deadlineTick;
    private long _startAllocated;
    private nint _stackBase;
    private long _operationsLeft;
    private long _lastAllocated;
    private long _lastClock;
    private int _granted;
    private int _period;
    private int _sinceFull;

    /// <summary>A scope for <see cref="PluginGuard"/>'s per-thread spare: not in use until <see cref="Start"/>.</summary>
    internal GuardScope()
    {
        Limits = null!;
    }

    private GuardScope(bool unlimited)
    {
        Limits = new GuardLimits(TimeSpan.MaxValue, long.MaxValue, long.MaxValue, int.MaxValue, TimeSpan.FromMilliseconds(100));
        _unlimited = unlimited;
        Budget = int.MaxValue;
    }

    /// <summary>
    /// Starts one call's state: every field a call reads is set here, so a scope reused by the next call on its thread
    /// (<see cref="PluginGuard.Begin"/>) carries nothing over from the last. Must run in the frame of the call's start, as
    /// the stack is measured from here.
    /// </summary>
    internal unsafe void Start(GuardLimits limits, GuardScope? previous)
    {
        Limits = limits;
        Previous = previous;
        Tripped = null;
        Elements = 0;
        _operationsLeft = limits.MaxOperations;

        // The coarse deadline counts from here; the precise clock is first read by the first full check, at the call's
        // first guarded operation (see Full), which saves a clock read per call and moves the precise deadline by no
        // more than the few instructions between here and the plugin's entry.
        _lastClock = 0;
        _deadline = long.MaxValue;
        _deadlineTick = Environment.TickCount64 + (long)Math.Ceiling(limits.Timeout.TotalMilliseconds);
        _startAllocated = GC.GetAllocatedBytesForCurrentThread();
        _lastAllocated = _startAllocated;
        byte marker = 0;
        _stackBase = (nint)(&marker);

        // Start by checking often; the interval doubles while the call allocates little and runs fast (see Full).
        _period = 1;
        _sinceFull = 0;
        Grant(0);
    }

    /// <summary>
    /// Ends the call: drops what it referenced (the caller's scope, and the limit's exception, whose stack trace would
    /// keep a collectible plugin's load context alive) so the scope can wait for the thread's next call.
    /// </summary>
    internal void Finish()
    {
        Previous = null;
        Tripped = null;
    }

    /// <summary>Operations left before the next <see cref="Slow"/> check. Injected code decrements it; plugin code cannot name it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int Budget;

    internal GuardLimits Limits { get; private set; }

    internal GuardScope? Previous { get; private set; }

    /// <summary>The product of the dimensions of the array being created, checked as each dimension is evaluated.</summary>
    internal long Elements;

    /// <summary>The first limit exceeded, if any: sticky, so catching the exception does not help.</summary>
    internal PluginLimitExceededException? Tripped { get; private set; }

    internal long OperationsUsed => _unlimited ? 0 : Limits.MaxOperations - _operationsLeft + (_granted - Budget);

    internal long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread() - _startAllocated;

    internal TimeSpan TimeLeft => _unlimited ? TimeSpan.MaxValue
        : _lastClock == 0 ? TimeSpan.FromMilliseconds(Math.Max(0, _deadlineTick - Environment.TickCount64))
        : TimeSpan.FromSeconds(Math.Max(0, _deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>
    /// The slow path of every guard, run when <see cref="Budget"/> goes below zero: counts the operations run since the
    /// last check, checks the stack, and every so often (<see cref="CheckInterval"/> operations at most, at every one
    /// while the call allocates fast or runs slowly) the clock and the allocation counter.
    /// </summary>
    /// <returns><see langword="true"/> when the call is over (a limit was reached): the function must return, the loop break. Throws the first time.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Slow()
    {
        if (_unlimited)
        {
            Budget = int.MaxValue;
            return false;
        }

        if (Tripped is not null)
        {
            Budget = 0;
            _granted = 0;
            return true;
        }

        // Budget is -1 here: the operation that got here is counted too.
        var ran = _granted - Budget;
        _operationsLeft -= ran;
        if (_operationsLeft < 0)
        {
            return Trip(PluginLimit.Operations, $"The plugin call used more than {Limits.MaxOperations:N0} operations (method entries and loop iterations).");
        }

        // The stack at every slow path: at most StackInterval operations (and no more frames than the budget has room
        // for at FrameBound each) since the last look.
        var stackUsed = StackUsed();
        if (stackUsed > Limits.MaxStackBytes || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return TripStack();
        }

        // The coarse clock (a few nanoseconds) at every slow path too, so a loop of slow framework calls after a calm
        // start is stopped within StackInterval operations, not CheckInterval.
        if (Environment.TickCount64 > _deadlineTick)
        {
            return TripTime();
        }

        _sinceFull += ran;
        if (_sinceFull >= _period && Full())
        {
            return true;
        }

        Grant(Math.Min(_period - _sinceFull, (Limits.MaxStackBytes - stackUsed) / FrameBound));
        return false;
    }

    /// <summary>The per-entry stack check of a function with a large frame (large value-type locals, known at compile time).</summary>
    /// <returns><see langword="true"/> when the call is over: the function must return. Throws the first time.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool Deep()
    {
        if (_unlimited)
        {
            return false;
        }

        return (StackUsed() > Limits.MaxStackBytes || !RuntimeHelpers.TryEnsureSufficientExecutionStack() || Tripped is not null) && TripStack();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe long StackUsed()
    {
        byte marker = 0;
        return _stackBase - (nint)(&marker);
    }

    /// <summary>The stack check of the thread-static entry guard (<see cref="PluginGuard.Enter"/>), at every entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe bool CheckStack()
    {
        byte marker = 0;
        return _stackBase - (nint)(&marker) > Limits.MaxStackBytes && TripStack();
    }

    internal void CheckSize(long count)
    {
        if (_unlimited)
        {
            return;
        }

        // Elements are counted at 8 bytes: a conservative size for a reference or a long. Once stopped, any size is refused.
        var left = Limits.MaxAllocatedBytes - AllocatedBytes;
        if (Tripped is not null || count < 0 || count > left / 8)
        {
            Trip(PluginLimit.Memory, $"The plugin asked for {count:N0} elements at once; its memory budget allows {Math.Max(0, left / 8):N0}.");
            throw Tripped!;
        }
    }

    /// <summary>The full check: the clock and the allocation counter, and how soon to look again.</summary>
    private bool Full()
    {
        var ran = _sinceFull;
        _sinceFull = 0;
        var now = Stopwatch.GetTimestamp();
        if (_lastClock == 0)
        {
            // The call's first full check: the precise deadline starts here (see Start).
            _lastClock = now;
            _deadline = now + (long)(Limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        }

        if (now > _deadline)
        {
            return TripTime();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var used = allocated - _startAllocated;
        if (used > Limits.MaxAllocatedBytes)
        {
            return Trip(PluginLimit.Memory, $"The plugin call allocated {used:N0} bytes, more than its budget of {Limits.MaxAllocatedBytes:N0}.");
        }

        // While the call allocates (a string doubling each iteration, a list growing), check at every operation, so one
        // interval cannot carry it far past its budget; while an interval takes long (slow framework calls in a loop),
        // halve it, so the deadline is not overrun by many of them; while it only computes, the interval doubles.
        var growth = allocated - _lastAllocated;
        _lastAllocated = allocated;
        var left = Limits.MaxAllocatedBytes - used;
        var elapsed = now - _lastClock;
        _lastClock = now;
        var allocating = growth >= 256L * Math.Max(1, ran) || growth * 4 > left;
        var slow = elapsed > Math.Min(Stopwatch.Frequency / 1000, (_deadline - now) / 8);
        _period = allocating ? 1 : slow ? Math.Max(1, _period / 2) : Math.Min(CheckInterval, _period * 2);
        return false;
    }

    /// <summary>Sets the budget to the next check: at most <paramref name="operations"/>, the stack interval, and what is left of the operation limit.</summary>
    private void Grant(long operations)
    {
        var next = (int)Math.Min(Math.Min(Math.Max(1, operations), StackInterval), Math.Max(1, _operationsLeft));
        _granted = next - 1;
        Budget = _granted;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TripTime() => Trip(PluginLimit.Time, $"The plugin call ran longer than {Limits.Timeout.TotalMilliseconds:N0} ms.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TripStack() => Trip(PluginLimit.CallDepth, $"The plugin call nested deeper than its stack budget of {Limits.MaxStackBytes:N0} bytes (unbounded recursion?).");

    /// <summary>Records the first limit reached and throws it once; later calls return <see langword="true"/> (stop).</summary>
    private bool Trip(PluginLimit limit, string message)
    {
        _period = 1;
        _granted = 0;
        Budget = 0;
        if (Tripped is not null)
        {
            return true;
        }

        Tripped = new PluginLimitExceededException(limit, message);
        throw Tripped;
    }
}
