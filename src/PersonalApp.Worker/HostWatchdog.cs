using System.Runtime.InteropServices;

namespace PersonalApp.Worker;

/// <summary>
/// Makes sure a worker never outlives the host that started it, whatever its plugin is doing. Three things end it:
/// <list type="bullet">
/// <item>the kernel's parent-death signal (<c>prctl(PR_SET_PDEATHSIG, SIGKILL)</c>), armed only when the host says it
/// is the direct parent (plain mode). The signal fires when the parent <em>thread</em> that started the worker ends,
/// so the host starts workers from one thread that lives as long as it does (the launcher's);</item>
/// <item>a watchdog on a thread of its own (not the thread pool, which a plugin can starve) that checks every 250 ms
/// whether the worker's parent changed, which happens when the parent dies and the worker is re-parented;</item>
/// <item>the end of standard input (the host's end of the channel closes when it dies): see <see cref="Die"/>.</item>
/// </list>
/// Each ends the process with SIGKILL, which neither a plugin's foreground threads nor its handlers can delay.
/// </summary>
internal static partial class HostWatchdog
{
    /// <summary>Set by the host to its own process id when it is the worker's direct parent (not under bubblewrap's pid namespace).</summary>
    public const string HostPidVariable = "PERSONALAPP_HOST_PID";

    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;

    public static void Start()
    {
        var hostPid = int.TryParse(Environment.GetEnvironmentVariable(HostPidVariable), out var pid) ? pid : (int?)null;
        Environment.SetEnvironmentVariable(HostPidVariable, null);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (hostPid is int expected)
        {
            _ = prctl(PrSetPdeathsig, SigKill, 0, 0, 0);

            // The host may have died before the signal was armed: then this process already has another parent.
            if (getppid() != expected)
            {
                Die();
            }
        }

        var parent = getppid();
        var watchdog = new Thread(() => Watch(parent))
        {
            IsBackground = true,
            Name = "PersonalApp host watchdog",
            Priority = ThreadPriority.AboveNormal,
        };
        watchdog.Start();
    }

    /// <summary>Ends this process at once (SIGKILL): no handler, finalizer or foreground thread of a plugin can delay it.</summary>
    public static void Die()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = kill(Environment.ProcessId, SigKill);
        }

        Environment.FailFast("PersonalApp worker: the host is gone.");
    }

    private static void Watch(int parent)
    {
        while (true)
        {
            Thread.Sleep(250);
            if (getppid() != parent)
            {
                Die();
            }
        }
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int getppid();

    [LibraryImport("libc", SetLastError = false)]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = false)]
    private static partial int kill(int pid, int signal);
}
