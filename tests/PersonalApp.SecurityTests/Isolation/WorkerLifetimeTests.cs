using System.Diagnostics;
using PersonalApp.Isolation;
using Xunit;
using Xunit.Abstractions;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>
/// Workers never outlive their host: a host process (tests/PersonalApp.SecurityTests.OrphanHost) starts workers, the
/// test kills it with SIGKILL, so none of its shutdown code runs, and its workers must end on their own within seconds,
/// even one inside a plugin call that spins.
/// </summary>
[Collection("isolation")]
public sealed class WorkerLifetimeTests
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(15);

    private readonly ITestOutputHelper _output;

    public WorkerLifetimeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public Task HostKilled_PlainProcess_ItsIdleWorkersEnd() => HostKilled_WorkersEndAsync(SandboxRequirement.Never, busy: false);

    [Fact]
    public Task HostKilled_PlainProcess_AWorkerInsideASpinningPluginCallEnds() => HostKilled_WorkersEndAsync(SandboxRequirement.Never, busy: true);

    [Fact]
    public async Task HostKilled_Bubblewrap_ItsWorkersEnd()
    {
        if (!IsolationCorpus.BubblewrapAvailable)
        {
            _output.WriteLine("bubblewrap is not installed here, so only the plain-process mode ran (install it: apt-get install -y bubblewrap). .ci/run installs it.");
            return;
        }

        await HostKilled_WorkersEndAsync(SandboxRequirement.Required, busy: true);
    }

    private async Task HostKilled_WorkersEndAsync(SandboxRequirement bubblewrap, bool busy)
    {
        if (!OperatingSystem.IsLinux())
        {
            _output.WriteLine("Worker lifetime is checked through /proc: Linux only.");
            return;
        }

        var folder = TestRun.Folder("orphan-host");
        Directory.CreateDirectory(folder);
        using var host = StartHost(folder, bubblewrap, busy);
        try
        {
            var ready = await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(ready is not null && ready.StartsWith("ready", StringComparison.Ordinal), $"The host did not start its workers: {ready} {await ErrorsAsync(host)}");
            _output.WriteLine($"host {host.Id}: {ready}");
            // The host's warm spares may still be starting when it says it is ready.
            var workers = WorkerProcesses.Under(folder);
            var waited = Stopwatch.StartNew();
            while (workers.Count < (busy ? 2 : 1) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
                workers = WorkerProcesses.Under(folder);
            }

            Assert.True(workers.Count >= (busy ? 2 : 1), $"The host should have live workers, found {workers.Count}.");

            var killed = Stopwatch.StartNew();
            host.Kill(entireProcessTree: false);
            await host.WaitForExitAsync();
            var left = await WorkerProcesses.GoneAsync(folder, Eventually);

            Assert.True(left.Count == 0, $"{left.Count} worker(s) outlived their host by {Eventually.TotalSeconds} s:\n{string.Join("\n", left.Select(l => $"{l.Pid}: {l.CommandLine}"))}");
            _output.WriteLine($"{workers.Count} worker(s) ended {killed.ElapsedMilliseconds} ms after the host was killed.");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static Process StartHost(string folder, SandboxRequirement bubblewrap, bool busy)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PersonalApp.SecurityTests.OrphanHost.dll"));
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(bubblewrap.ToString());
        if (busy)
        {
            start.ArgumentList.Add("busy");
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The orphan host could not be started.");
    }

    private static async Task<string> ErrorsAsync(Process host)
    {
        if (!host.HasExited)
        {
            return string.Empty;
        }

        return await host.StandardError.ReadToEndAsync();
    }
}
