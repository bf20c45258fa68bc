using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>
/// Runs after the last test of the isolation collection: fails the run if any worker started by this run's hosts is
/// still alive (every test must end the hosts it starts). Scoped by <see cref="TestRun"/>'s folder, so other test runs
/// on the same machine cannot make it fail.
/// </summary>
public sealed class WorkerLeakCheck : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var left = await WorkerProcesses.GoneAsync(TestRun.Root, TimeSpan.FromSeconds(10));
        foreach (var (pid, _) in left)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Ended meanwhile.
            }
        }

        try
        {
            Directory.Delete(TestRun.Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }

        Assert.True(left.Count == 0, $"{left.Count} worker process(es) started by this test run outlived the tests (a host was not disposed):\n{string.Join("\n", left.Select(l => $"{l.Pid}: {l.CommandLine}"))}");
    }
}
