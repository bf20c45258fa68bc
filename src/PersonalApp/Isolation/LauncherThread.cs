using System.Collections.Concurrent;
using System.Diagnostics;

namespace PersonalApp.Isolation;

/// <summary>
/// Starts every worker process from one thread that lives as long as the host. On Linux a parent-death signal
/// (bubblewrap's <c>--die-with-parent</c>, the worker's own <c>PR_SET_PDEATHSIG</c>) fires when the <em>thread</em>
/// that forked the child ends, not the process; started from a thread-pool thread, which retires when idle, a worker
/// would be killed while its host is alive. Forking from this thread ties the signal to the host's life.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    static LauncherThread()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "PersonalApp worker launcher" };
        thread.Start();
    }

    /// <summary>Starts a process from the launcher thread and waits until it has started.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("The worker process could not be started."));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
