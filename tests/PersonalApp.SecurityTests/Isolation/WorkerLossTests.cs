using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>
/// Issue 15: one call passing its deadline kills the worker while other calls, and an approval, wait for it. Every waiter
/// gets an answer, the innocent plugin is not blamed, and no admin decision is held up.
/// </summary>
[Collection("isolation")]
public sealed class WorkerLossTests : IAsyncLifetime
{
    private const string Hang = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Hang : IIsolatedProbe
        {
            public string Run(ProbeRequest request) { System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite); return "unreachable"; }
        }
        """;

    private const string Echo = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Echo : IIsolatedProbe
        {
            public string Run(ProbeRequest request) => $"echo {request.Number}";
        }
        """;

    // The hanging probe must pass it; the innocent's calls, some on a fresh worker, must not, even on a loaded machine.
    private static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(5);

    private readonly IsolationHost _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hosts.DisposeAsync().AsTask();

    [Fact]
    public async Task Invoke_AnotherPluginHangsPastItsDeadline_WaitersAndAnApprovalGetAnswersAndTheInnocentIsNotBlamed()
    {
        var host = await _hosts.StartAsync(layersOff: true, timeout: HangDeadline);
        await _hosts.ApproveAsync(host, Echo, "anna");
        await _hosts.ApproveAsync(host, Hang, "ben");
        var pending = await _hosts.RequestAsync(host, Echo, "carl");
        var approvals = host.Services.GetRequiredService<IPluginApprovals>();
        var echo = IsolationHost.Feature(host, "anna");
        var hang = IsolationHost.Feature(host, "ben");

        var hung = Task.Run(() => hang.Invoke(p => p.Run(new ProbeRequest("x", 0))));
        await Task.Delay(300);
        var waiters = Enumerable.Range(1, 4).Select(i => Task.Run(() => echo.Invoke(p => p.Run(new ProbeRequest("x", i))))).ToList();
        var approval = approvals.ApproveAsync(pending, "admin");
        var all = Task.WhenAll(waiters.Cast<Task>().Append(hung).Append(approval));

        // A guard against the old hang, not a timing assertion: the deadline is 5.5 s, the bound a minute.
        await all.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(PluginOutcomeKind.TimedOut, (await hung).Kind);
        foreach (var waiter in waiters)
        {
            var outcome = await waiter;
            Assert.True(outcome.IsCompleted || (outcome.Kind == PluginOutcomeKind.Faulted && outcome.Message!.Contains("lost", StringComparison.Ordinal)), $"{outcome.Kind}: {outcome.Message}");
            Assert.NotEqual(PluginOutcomeKind.TimedOut, outcome.Kind);
        }

        Assert.Equal(Catalog.PluginStatus.Active, (await approval).Status);
        Assert.Equal("echo 9", IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 9))).Value);
        Assert.Equal("echo 7", IsolationHost.Feature(host, "carl").Invoke(p => p.Run(new ProbeRequest("x", 7))).Value);
        var revoked = await approvals.RevokeAsync(pending.PluginId, "admin", "done").WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(Catalog.PluginStatus.Revoked, revoked.Status);
    }

    [Fact]
    public async Task Invoke_HangingPluginAgain_IsBlamedAndDisabledWhileTheInnocentKeepsWorking()
    {
        var host = await _hosts.StartAsync(layersOff: true, timeout: HangDeadline);
        await _hosts.ApproveAsync(host, Echo, "anna");
        await _hosts.ApproveAsync(host, Hang, "ben");
        var hang = IsolationHost.Feature(host, "ben");

        var kinds = Enumerable.Range(0, 3).Select(_ => hang.Invoke(p => p.Run(new ProbeRequest("x", 0))).Kind).ToList();

        Assert.Equal([PluginOutcomeKind.TimedOut, PluginOutcomeKind.TimedOut, PluginOutcomeKind.Disabled], kinds);
        Assert.Equal("echo 1", IsolationHost.Feature(host, "anna").Invoke(p => p.Run(new ProbeRequest("x", 1))).Value);
    }
}
