using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>DefaultPlacement = Auto: isolated under bubblewrap for contracts that can cross, in-process (said so) otherwise.</summary>
[Collection("isolation")]
public sealed class AutoPlacementTests : IAsyncLifetime
{
    private const string Isolatable = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Echo : IIsolatedProbe { public string Run(ProbeRequest request) => request.Text; }
        """;

    private const string NotIsolatable = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Plain : IProbe { public string Run(ProbeInput input) => input.Text; }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "personalapp-auto-placement-" + Guid.NewGuid().ToString("N"));
    private readonly ScriptedChatClient _model = new();
    private IHost? _host;
    private string _next = Isolatable;

    public async Task InitializeAsync()
    {
        _model.Fallback = _ => "```csharp\n" + _next + "\n```";
        _host = await TestHosts.StartAsync(
            _model,
            Path.Combine(_folder, "auto.db"),
            o =>
            {
                o.DefaultPlacement = PlacementDefault.Auto;
                o.Isolation.WorkDirectory = Path.Combine(_folder, "isolation");
            },
            p => p.AddExtensionPoint<IIsolatedProbe>().AddExtensionPoint<IProbe>());
    }

    public Task DisposeAsync() => TestHosts.StopAndDeleteAsync(_folder, _host);

    [Fact]
    public async Task Packet_AutoPlacement_SaysWhereTheVersionWouldRunAndWhy()
    {
        var approvals = _host!.Services.GetRequiredService<IPluginApprovals>();
        var isolatable = await RequestAsync(Isolatable, "IsolatedProbe");
        var notIsolatable = await RequestAsync(NotIsolatable, "Probe");

        var crossing = (await approvals.GetPacketAsync(isolatable))!;
        var staying = (await approvals.GetPacketAsync(notIsolatable))!;
        var approved = await approvals.ApproveAsync(isolatable, "admin");

        var expected = IsolationCorpus.BubblewrapAvailable ? PluginPlacement.Isolated : PluginPlacement.InProcess;
        Assert.Equal(expected, crossing.Placement);
        Assert.StartsWith(expected.ToString(), crossing.PlacementMeaning, StringComparison.Ordinal);
        Assert.Equal(expected, approved.Placement);
        Assert.Equal(PluginPlacement.InProcess, staying.Placement);
        Assert.Contains("cannot cross a process boundary", staying.PlacementWarning, StringComparison.Ordinal);
        Assert.Contains("\"placementMeaning\"", staying.ToJson(), StringComparison.Ordinal);
    }

    private async Task<PluginVersionKey> RequestAsync(string source, string extensionPoint)
    {
        _next = source;
        var result = await _host!.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("anna", "a probe " + extensionPoint) { ExtensionPoint = extensionPoint });
        Assert.True(result.IsPendingApproval, result.ToString());
        return result.Plugin!.Value;
    }
}
