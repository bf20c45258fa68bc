using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>
/// The call channel from the worker's side, through a real worker: a plugin with the in-process layers off (as code that
/// escaped the sandbox) finds the worker's call socket and writes a forged frame into it before its real result. The
/// host must drop that worker as hostile, tell the caller why in a Faulted outcome, and go on serving from a replacement.
/// </summary>
[Collection("isolation")]
public sealed class CallChannelTests : IAsyncLifetime
{
    private const string Echo = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Echo : IIsolatedProbe
        {
            public string Run(ProbeRequest request) => "echo " + request.Text;
        }
        """;

    private readonly IsolationHost _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hosts.DisposeAsync().AsTask();

    [Theory]
    [InlineData(SandboxRequirement.Never)]
    [InlineData(SandboxRequirement.WhenAvailable)]
    public async Task Invoke_WorkerSendsAFrameOverTheCap_WorkerIsDroppedAndTheCallerGetsAFaultedOutcome(SandboxRequirement bubblewrap)
    {
        // A length prefix of 1 GiB, far over the host's cap for one call's answer.
        var outcome = await ForgeAsync("new byte[] { 0, 0, 0, 0x40, 3 }", "System.Threading.Thread.Sleep(200);", bubblewrap);

        Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
        Assert.Contains("broke the call protocol", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("1,073,741,824 bytes", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WorkerSendsAFrameOfAnUnknownKind_WorkerIsDroppedAndTheCallerGetsAFaultedOutcome()
    {
        var outcome = await ForgeAsync("new byte[] { 6, 0, 0, 0, 99, 1, 0, 0, 0, 0 }", "System.Threading.Thread.Sleep(200);");

        Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
        Assert.Contains("broke the call protocol", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("unknown kind 99", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WorkerSendsATruncatedFrameAndDies_WorkerIsDroppedAndTheCallerGetsAFaultedOutcome()
    {
        // A 100-byte frame of which 3 bytes arrive before the worker's end of the channel closes.
        var outcome = await ForgeAsync("new byte[] { 100, 0, 0, 0, 3, 1, 0 }", "System.Diagnostics.Process.GetCurrentProcess().Kill();");

        Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
        Assert.Contains("cut short", outcome.Message, StringComparison.Ordinal);
    }

    /// <summary>Approves an innocent plugin and a forger; calls the forger, then checks the innocent is served by a replacement.</summary>
    private async Task<PluginOutcome<string>> ForgeAsync(string frame, string after, SandboxRequirement bubblewrap = SandboxRequirement.WhenAvailable)
    {
        // No call here is meant to pass its deadline, so it is generous: on a loaded machine a fresh worker's first call
        // (the replacement's, below) pays its JIT inside the deadline.
        var host = await _hosts.StartAsync(layersOff: true, timeout: TimeSpan.FromSeconds(15), configure: o => o.Isolation.Bubblewrap = bubblewrap);
        await _hosts.ApproveAsync(host, Echo, "anna");
        await _hosts.ApproveAsync(host, Forger(frame, after), "ben");
        var pool = host.Services.GetRequiredService<WorkerPool>();
        var before = pool.ServingProcessId;

        var outcome = IsolationHost.Feature(host, "ben").Invoke(p => p.Run(new ProbeRequest("x", 1)));

        Assert.NotEqual("forged", outcome.Value);
        Assert.True(host.Services.GetRequiredService<IPluginIsolation>().Report.WorkersReplaced >= 1);
        var innocent = IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("after", 1)));
        Assert.True(innocent.Value == "echo after", $"The innocent plugin answered {innocent.Kind}: {innocent.Message}");
        Assert.NotEqual(before, pool.ServingProcessId);

        // Each worker's call socket is unlinked once its worker has connected: none is left in the work folders. (Reading
        // the report above starts the warm spares again; a spare still connecting holds its socket until it has.)
        await pool.WhenWarmAsync();
        Assert.Empty(Directory.GetFiles(_hosts.Folder, "*.sock", SearchOption.AllDirectories));
        return outcome;
    }

    private static string Forger(string frame, string after) => $$"""
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Forger : IIsolatedProbe
        {
            public string Run(ProbeRequest request)
            {
                foreach (var link in System.IO.Directory.GetFiles("/proc/self/fd"))
                {
                    var target = new System.IO.FileInfo(link).LinkTarget;
                    if (target is not null && target.StartsWith("socket:", System.StringComparison.Ordinal))
                    {
                        var fd = int.Parse(System.IO.Path.GetFileName(link), System.Globalization.CultureInfo.InvariantCulture);
                        var socket = new System.Net.Sockets.Socket(new System.Net.Sockets.SafeSocketHandle((System.IntPtr)fd, false));
                        socket.Send({{frame}});
                        {{after}}
                        return "forged";
                    }
                }

                return "no socket found";
            }
        }
        """;
}
