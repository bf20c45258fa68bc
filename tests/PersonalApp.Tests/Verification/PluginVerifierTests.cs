using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using PersonalApp.Verification;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Verification;

/// <summary>Candidates are checked before approval, in an isolated worker: the host's acceptance checks and the model's checks of the wish.</summary>
public sealed class PluginVerifierTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "personalapp-verify-" + Guid.NewGuid().ToString("N"));
    private readonly ScriptedChatClient _model = new();
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task RequestAsync_ModelCheckFailsThenIsFixed_RepairsAndStoresThePassingChecks()
    {
        await StartAsync();
        _model.Reply(Answer(Rule(rate: "0.10m"), Checks(expectedRate: "0.20m"))).Reply(Answer(Rule(rate: "0.20m"), Checks(expectedRate: "0.20m")));

        var result = await Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten"));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(1, result.RepairRounds);
        var repair = _model.Calls[1][^1].Text;
        Assert.Contains("GroupOf12GetsTwentyPercent failed", repair, StringComparison.Ordinal);
        var version = await Approvals.GetAsync(result.Plugin!.Value);
        Assert.Equal(["GroupOf12GetsTwentyPercent", "never more than the list total"], version!.Verification.Select(v => v.Name).Order(StringComparer.Ordinal));
        Assert.All(version.Verification, v => Assert.True(v.Passed, v.Message));
        Assert.Contains(version.Verification, v => v.Origin == CheckOrigin.Host);
    }

    [Fact]
    public async Task RequestAsync_HostAcceptanceCheckKeepsFailing_BlocksTheVersionWithPA0311()
    {
        await StartAsync(maxRepairRounds: 1);
        _model.Fallback = _ => Answer(Rule(rate: "2.00m"), string.Empty);

        var result = await Personalizer.RequestAsync(new PersonalizationRequest("anna", "200% off"));

        Assert.False(result.IsPendingApproval);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticIds.HostCheckFailed && d.Message.Contains("never more than the list total", StringComparison.Ordinal));
        Assert.Empty(await Approvals.ListAsync(PluginStatus.PendingApproval));
    }

    [Fact]
    public async Task VerifyAsync_ModelChecks_RunInAWorkerProcessNotTheHost()
    {
        await StartAsync(layersOff: true);
        var checks = $$"""
            public static class PluginChecks
            {
                public static bool RunsOutsideTheHost() => System.Environment.ProcessId != {{Environment.ProcessId}};
            }
            """;
        _model.Reply(Answer(Rule(rate: "0.20m"), checks));

        var result = await Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten"));

        Assert.True(result.IsPendingApproval, result.ToString());
        var version = await Approvals.GetAsync(result.Plugin!.Value);
        Assert.True(version!.Verification.Single(v => v.Name == "RunsOutsideTheHost").Passed);
    }

    [Fact]
    public async Task ApproveAsync_VersionThatFailedAHostCheck_IsRefusedWithPA0312()
    {
        await StartAsync();
        var store = _host!.Services.GetRequiredService<SqlitePluginCatalog>();
        var compiler = _host.Services.GetRequiredService<PluginCompiler>();
        var pricing = Personalizer.ExtensionPoints.Single(p => p.ContractType == typeof(ITicketPricingRule));
        var compiled = compiler.Compile(Rule(rate: "0.20m"), pricing, "PersonalApp.Plugin.blocked", CancellationToken.None).Plugin!;
        store.InsertRequest("r1", "anna", "a wish", pricing.Name, "blocked");
        var key = store.InsertVersion(new NewPluginVersion("blocked", "r1", pricing.Name, typeof(ITicketPricingRule).FullName!, "anna", "a wish", Rule(rate: "0.20m"), compiled, null, 0, 0, 0, [])
        {
            Verification = [new VerificationCheck("never more than the list total", CheckOrigin.Host, false, "returned false", 1)],
        });

        var error = await Assert.ThrowsAsync<PersonalizationException>(() => Approvals.ApproveAsync(key, "manager"));

        Assert.Equal(DiagnosticIds.ApprovalBlockedByChecks, error.DiagnosticId);
    }

    [Fact]
    public async Task RequestAsync_ConstructorThrows_ReportsTheConstructorsOwnMessageNotTheReflectionWrapper()
    {
        await StartAsync(maxRepairRounds: 0, layersOff: true);
        const string ThrowingRule = """
            namespace KioskPlugins;

            public sealed class GroupRule : ITicketPricingRule
            {
                public GroupRule() => throw new InvalidOperationException("the price list is not loaded");

                public string Name => "groups";

                public PriceAdjustment? Apply(TicketOrder order) => null;
            }
            """;
        _model.Reply(Answer(ThrowingRule, Checks(expectedRate: "0.20m")));

        var result = await Personalizer.RequestAsync(new PersonalizationRequest("anna", "20% off for groups of more than ten"));

        Assert.False(result.IsPendingApproval);
        var failure = Assert.Single(result.Diagnostics, d => d.Id == "PA0311");
        Assert.Contains("InvalidOperationException: the price list is not loaded", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TargetInvocationException", failure.Message, StringComparison.Ordinal);
    }

    private IPersonalizer Personalizer => _host!.Services.GetRequiredService<IPersonalizer>();

    private IPluginApprovals Approvals => _host!.Services.GetRequiredService<IPluginApprovals>();

    private static string Answer(string rule, string checks) => "```csharp\n" + rule + "\n" + checks + "\n```";

    private static string Rule(string rate) => $$"""
        namespace KioskPlugins;

        public sealed class GroupRule : ITicketPricingRule
        {
            public string Name => "groups";

            public PriceAdjustment? Apply(TicketOrder order)
                => order.GroupSize > 10 ? new PriceAdjustment(decimal.Round(order.ListTotal * {{rate}}, 2), Name) : null;
        }
        """;

    private static string Checks(string expectedRate) => $$"""
        public static class PluginChecks
        {
            public static bool GroupOf12GetsTwentyPercent()
            {
                var order = new TicketOrder(new DateOnly(2026, 12, 1), 12, 0, 0, 20m, 10m, 12m);
                return new GroupRule().Apply(order)?.Amount == decimal.Round(order.ListTotal * {{expectedRate}}, 2);
            }
        }
        """;

    private async Task StartAsync(int maxRepairRounds = 3, bool layersOff = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(_model);
        builder.Services
            .AddPersonalization(o =>
            {
                o.StorePath = Path.Combine(_folder, "verify.db");
                o.DefaultPlacement = PlacementDefault.InProcess;
                o.MaxRepairRounds = maxRepairRounds;
                o.WarmUpCompiler = false;
                o.ReuseApprovedPlugins = false;
                o.Sandbox.InProcessLayersEnabled = !layersOff;
                o.Isolation.WorkDirectory = Path.Combine(_folder, "isolation");

                // Checks run in a fresh worker, whose first call pays its JIT: generous limits, so a busy machine never
                // turns a passing check into a timeout (and a repair round the script did not plan for).
                o.Sandbox.Limits.Timeout = TimeSpan.FromSeconds(10);
                o.Isolation.DeadlineMargin = TimeSpan.FromSeconds(10);
            })
            .AddExtensionPoint<ITicketPricingRule>(ep => ep.AddAcceptanceCheck(
                "never more than the list total",
                rule => rule.Apply(new TicketOrder(new DateOnly(2026, 12, 1), 12, 0, 0, 20m, 10m, 12m)) is not { } a || a.Amount <= 240m));
        _host = builder.Build();
        await _host.StartAsync();
    }
}
