using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;
using Xunit;

namespace PersonalApp.SecurityTests;

/// <summary>
/// Runs the whole attack corpus once, through the real pipeline (policy, compile, guards, IL scan, approval, loader,
/// invoker), with secrets planted and an innocent plugin loaded beside every attack. Only attacks expected at layer 3
/// are ever run; an attack expected at layer 1 or 2 that slips through is recorded as a miss without running it, and an
/// attack that only process isolation can stop is never run in this process.
/// </summary>
public sealed class AttackCorpusFixture : IAsyncLifetime
{
    public const string InnocentSource = """
        namespace Probes;

        public sealed class Echo : IProbe
        {
            public string Run(ProbeInput input) => $"echo {input.Text} {input.Number * 2}";
        }
        """;

    private readonly ScriptedChatClient _model = new();
    private string _next = InnocentSource;
    private string _folder = string.Empty;
    private IHost? _host;
    private IHost? _withoutLayer1;
    private PersonalFeature<IProbe>? _innocent;

    public PlantedSecrets Secrets { get; } = new();

    public IReadOnlyList<AttackCase> Cases { get; } = AttackCase.LoadAll();

    public Dictionary<string, AttackResult> Results { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "personalapp-corpus-" + Guid.NewGuid().ToString("N"));
        _model.Fallback = _ => "```csharp\n" + _next + "\n```";
        _host = await TestHosts.StartAsync(
            _model,
            Path.Combine(_folder, "corpus.db"),
            _ => { },
            p => p.AddExtensionPoint<IProbe>(ep => ep.Limits = new Sandbox.SandboxLimits
            {
                Timeout = TimeSpan.FromMilliseconds(500),
                MaxOperations = 20_000_000,
                MaxAllocatedBytes = 64L * 1024 * 1024,
                FaultsBeforeDisable = 1_000,
            }));
        _withoutLayer1 = await StartWithoutLayer1Async();

        var innocent = await RequestAsync("innocent", InnocentSource);
        await Approvals.ApproveAsync(innocent.Plugin!.Value, "security-tests", "the innocent neighbour");
        _innocent = Features.GetAll<IProbe>("innocent").Single();
        if (!InnocentAnswers())
        {
            throw new InvalidOperationException("The innocent plugin does not answer before any attack.");
        }

        foreach (var attack in Cases)
        {
            Results[attack.Id] = await RunAsync(attack);
        }
    }

    public async Task DisposeAsync()
    {
        await TestHosts.StopAndDeleteAsync(_folder, _host, _withoutLayer1);
        Secrets.Dispose();
    }

    private IPersonalizer Personalizer => _host!.Services.GetRequiredService<IPersonalizer>();

    private IPluginApprovals Approvals => _host!.Services.GetRequiredService<IPluginApprovals>();

    private IPersonalFeatures Features => _host!.Services.GetRequiredService<IPersonalFeatures>();

    private ProbeInput Input => new("hello", 21, Secrets.Value);

    private bool InnocentAnswers()
    {
        var outcome = _innocent!.Invoke(p => p.Run(new ProbeInput("hi", 2, Secrets.Value)));
        return outcome.IsCompleted && outcome.Value == "echo hi 4";
    }

    private async Task<PersonalizationResult> RequestAsync(string user, string source)
    {
        _next = source;
        return await Personalizer.RequestAsync(new PersonalizationRequest(user, "a probe"));
    }

    /// <summary>A second host whose layer 1 is off: what the IL scan alone refuses. Nothing generated there is ever run.</summary>
    private Task<IHost> StartWithoutLayer1Async()
        => TestHosts.StartAsync(
            _model,
            Path.Combine(_folder, "layer2-alone.db"),
            o => o.Sandbox.SymbolPolicyEnabled = false,
            p => p.AddExtensionPoint<IProbe>());

    private async Task<bool> StoppedByLayer2AloneAsync(AttackCase attack)
    {
        _next = attack.Source;
        var result = await _withoutLayer1!.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("attacker", "a probe"));
        return result.Diagnostics.Any(d => d.Id == "PA0803");
    }

    private async Task<AttackResult> RunAsync(AttackCase attack)
    {
        var user = "attacker-" + attack.Name;
        var result = await RequestAsync(user, attack.Source);
        if (!result.IsPendingApproval)
        {
            var ids = result.Diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var stoppedBy = ids.Contains("PA0801") || ids.Contains("PA0802") ? AttackCase.Layer1
                : ids.Contains("PA0803") ? AttackCase.Layer2
                : "compiler";
            var detail = string.Join(" | ", result.Diagnostics.Where(d => d.Id != "PA0302").Take(3).Select(d => d.ToString()));
            return new AttackResult(attack, stoppedBy, Ran: false, InnocentAnswers(), SecretLeaked: false, detail)
            {
                Layer2Alone = stoppedBy == AttackCase.Layer1 ? await StoppedByLayer2AloneAsync(attack) : null,
            };
        }

        if (attack.Expected != AttackCase.Layer3)
        {
            // Never run something the static layers were meant to stop, or that only isolation can contain.
            var missed = attack.Expected == AttackCase.Isolation ? AttackResult.LeftForIsolation : AttackResult.Nothing;
            await Approvals.RejectAsync(result.Plugin!.Value, "security-tests", "corpus: not run in-process");
            return new AttackResult(attack, missed, Ran: false, InnocentAnswers(), SecretLeaked: false, "passed the static layers; not run in-process");
        }

        await Approvals.ApproveAsync(result.Plugin!.Value, "security-tests", "corpus: run under the guards");
        var feature = Features.GetAll<IProbe>(user).Single();
        var outcome = feature.Invoke(p => p.Run(Input));
        await Approvals.RevokeAsync(feature.Key.PluginId, "security-tests", "corpus: done");
        var stopped = outcome.Kind switch
        {
            PluginOutcomeKind.Completed => AttackResult.Nothing,
            PluginOutcomeKind.Faulted => "faulted",
            _ => AttackCase.Layer3,
        };
        var leaked = Secrets.FoundIn(outcome.Value) || Secrets.FoundIn(outcome.Message) || Secrets.FoundIn(outcome.Exception?.Message);
        return new AttackResult(attack, stopped, Ran: true, InnocentAnswers(), leaked, $"{outcome.Kind}: {outcome.Message}");
    }
}
