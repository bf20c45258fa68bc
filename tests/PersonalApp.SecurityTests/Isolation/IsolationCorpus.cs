using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>
/// Runs the attacks that only process isolation can stop against real workers, with the in-process layers turned OFF
/// (so nothing but the worker process stands between the attack and the host): crashes, hangs, floods, memory bombs,
/// and attempts on secrets planted in the host's environment, a file, the host's own store and a loopback service.
/// After each attack an innocent isolated plugin must still answer.
/// </summary>
public sealed class IsolationCorpus : IAsyncDisposable
{
    private const string InnocentSource = """
        using PersonalApp.SecurityTests.Contracts;
        namespace Probes;
        public sealed class Echo : IIsolatedProbe
        {
            public string Run(ProbeRequest request) => $"echo {request.Text} {request.Number * 2}";
        }
        """;

    private readonly ScriptedChatClient _model = new();
    private readonly string _folder = TestRun.Folder("isolation-corpus");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _networkSecret = "NETWORK-" + Guid.NewGuid().ToString("N");
    private IHost? _host;
    private string _next = InnocentSource;

    private IsolationCorpus(SandboxRequirement bubblewrap) => Bubblewrap = bubblewrap;

    public SandboxRequirement Bubblewrap { get; }

    public PlantedSecrets Secrets { get; } = new();

    public IsolationReport? Report { get; private set; }

    public List<IsolationAttackResult> Results { get; } = [];

    public string StorePath => Path.Combine(_folder, "isolation.db");

    /// <summary>Whether bubblewrap works on this machine (the tests say which mode they ran in).</summary>
    public static bool BubblewrapAvailable { get; } = BubblewrapWorks();

    public static async Task<IsolationCorpus> RunAsync(SandboxRequirement bubblewrap)
    {
        var corpus = new IsolationCorpus(bubblewrap);
        await corpus.RunAllAsync();
        return corpus;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await TestHosts.StopAndDeleteAsync(_folder, _host);
        Secrets.Dispose();
    }

    private IPersonalizer Personalizer => _host!.Services.GetRequiredService<IPersonalizer>();

    private IPluginApprovals Approvals => _host!.Services.GetRequiredService<IPluginApprovals>();

    private IPersonalFeatures Features => _host!.Services.GetRequiredService<IPersonalFeatures>();

    private IPluginIsolation Isolation => _host!.Services.GetRequiredService<IPluginIsolation>();

    private async Task RunAllAsync()
    {
        _listener.Start();
        _ = ServeSecretAsync();
        _model.Fallback = _ => "```csharp\n" + _next + "\n```";
        _host = await TestHosts.StartAsync(
            _model,
            StorePath,
            o =>
            {
                o.DefaultPlacement = PlacementDefault.Isolated;
                o.Sandbox.InProcessLayersEnabled = false;
                o.Isolation.Bubblewrap = Bubblewrap;
                o.Isolation.HeapLimitBytes = 256L * 1024 * 1024;
                // The innocent's first call on each fresh replacement worker must fit in 1 s + this margin, on a busy machine.
                o.Isolation.DeadlineMargin = TimeSpan.FromSeconds(10);
                o.Isolation.FailuresBeforeCooldown = 100;
                o.Isolation.WorkDirectory = Path.Combine(_folder, "isolation");
            },
            p => p.AddExtensionPoint<IIsolatedProbe>(ep => ep.Limits = new Sandbox.SandboxLimits { Timeout = TimeSpan.FromSeconds(1), FaultsBeforeDisable = 1_000 }));
        Report = Isolation.Report;

        var innocentKey = await ApproveAsync("innocent", InnocentSource);
        var innocent = Features.GetAll<IIsolatedProbe>("innocent").Single(f => f.Key == innocentKey);
        if (!Answers(innocent))
        {
            throw new InvalidOperationException("The innocent isolated plugin does not answer before any attack.");
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "IsolationAttacks");
        foreach (var path in Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal))
        {
            Results.Add(await RunAsync(path, innocent));
        }
    }

    private async Task<IsolationAttackResult> RunAsync(string path, PersonalFeature<IIsolatedProbe> innocent)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var text = await File.ReadAllTextAsync(path);
        var attack = text.Split('\n')[0].Replace("// Attack:", string.Empty, StringComparison.Ordinal).Trim();
        var source = text
            .Replace("%SECRET_FILE%", Secrets.FilePath, StringComparison.Ordinal)
            .Replace("%STORE_PATH%", StorePath, StringComparison.Ordinal)
            .Replace("%PORT%", ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var replacedBefore = Isolation.Report.WorkersReplaced;
        var key = await ApproveAsync("attacker-" + name, source);
        var feature = Features.GetAll<IIsolatedProbe>("attacker-" + name).Single(f => f.Key == key);
        var outcome = feature.Invoke(p => p.Run(new ProbeRequest("hello", 1)));
        await Approvals.RevokeAsync(key.PluginId, "security-tests", "isolation corpus: done");

        var said = string.Concat(outcome.Value, " ", outcome.Message);
        var leaked = new List<string>();
        if (Secrets.FoundIn(said))
        {
            leaked.Add("environment or file secret");
        }

        if (said.Contains(_networkSecret, StringComparison.Ordinal))
        {
            leaked.Add("loopback service");
        }

        if (name == "HostStore" && outcome.IsCompleted && !string.IsNullOrEmpty(outcome.Value))
        {
            leaked.Add("the host's store");
        }

        var innocentAnswered = Answers(innocent);
        return new IsolationAttackResult(name, attack, outcome.Kind, HostSurvived: true, innocentAnswered, Isolation.Report.WorkersReplaced > replacedBefore, leaked, $"{outcome.Kind}: {outcome.Message}");
    }

    /// <summary>The launcher's own test: bwrap on the PATH, and able to create its namespaces here (not in some containers).</summary>
    private static bool BubblewrapWorks()
    {
        var bwrap = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "bwrap"))
            .FirstOrDefault(File.Exists);
        if (!OperatingSystem.IsLinux() || bwrap is null)
        {
            return false;
        }

        using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(bwrap, ["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/true"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        return probe is not null && probe.WaitForExit(10_000) && probe.ExitCode == 0;
    }

    private static bool Answers(PersonalFeature<IIsolatedProbe> innocent)
    {
        var outcome = innocent.Invoke(p => p.Run(new ProbeRequest("hi", 2)));
        return outcome.IsCompleted && outcome.Value == "echo hi 4";
    }

    private async Task<PluginVersionKey> ApproveAsync(string user, string source)
    {
        _next = source;
        var result = await Personalizer.RequestAsync(new PersonalizationRequest(user, "an isolated probe"));
        if (!result.IsPendingApproval)
        {
            throw new InvalidOperationException($"{user}: the source did not compile: {result}");
        }

        await Approvals.ApproveAsync(result.Plugin!.Value, new ApprovalDecision("security-tests", "isolation corpus") { Placement = PluginPlacement.Isolated });
        return result.Plugin.Value;
    }

    private async Task ServeSecretAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var writer = new StreamWriter(client.GetStream());
                await writer.WriteLineAsync(_networkSecret);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The corpus is over.
        }
    }
}
