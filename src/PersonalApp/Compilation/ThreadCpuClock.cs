using System.Runtime.InteropServices;

namespace PersonalApp.Compilation;

/// <summary>
/// The processor time one thread has used, readable from another thread (Linux: <c>pthread_getcpuclockid</c>). A
/// compile runs on its caller's thread (the build is not concurrent), so this measures what the compile itself costs,
/// however busy the machine is: a wall clock would refuse ordinary plugins on a loaded machine.
/// </summary>
internal sealed partial class ThreadCpuClock
{
    private readonly int _clock;

    private ThreadCpuClock(int clock) => _clock = clock;

    /// <summary>Gets the processor time the thread has used so far.</summary>
    public TimeSpan Used => clock_gettime(_clock, out var time) == 0
        ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
        : TimeSpan.Zero;

    /// <summary>The calling thread's clock, or <see langword="null"/> where it cannot be read (not Linux).</summary>
    public static ThreadCpuClock? ForCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return pthread_getcpuclockid(pthread_self(), out var clock) == 0 && clock_gettime(clock, out _) == 0 ? new ThreadCpuClock(clock) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

#pragma warning disable SA1300, IDE1006 // libc's names.
    [DllImport("libc")]
    private static extern nuint pthread_self();

    [DllImport("libc")]
    private static extern int pthread_getcpuclockid(nuint thread, out int clock);

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SA1300, IDE1006

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
