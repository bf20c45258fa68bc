using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Runtime;

/// <summary>
/// <see cref="PluginRuntime"/> at start-up after the host's contract assembly changed: each active plugin is compiled
/// again from its source and checked; one that no longer passes is suspended and listed, never silently loaded.
/// </summary>
public sealed class ContractChangeTests : IDisposable
{
    private const string ContractV1 = "namespace Greetings.Contracts; public interface IGreeting { string Greet(string name); }";

    private const string Plugin = """
        namespace GreetingPlugins;

        public sealed class Hello : IGreeting
        {
            public string Greet(string name) => "Hello " + name;
        }
        """;

    /// <summary>
    /// Each test's contract versions get their own build number: a process resolves an assembly reference by its full
    /// name once (DispatchProxy's proxy assembly does), so two tests' "1.0.0.0" would meet. An app sees one version per run.
    /// </summary>
    private static int s_build;

    private readonly TempDirectory _directory = new();
    private readonly int _build = Interlocked.Increment(ref s_build);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StartAsync_ContractChangedAndTheSourceNoLongerCompiles_SuspendsListsAndAuditsIt()
    {
        var v1 = Contract("1.0.0.0", ContractV1);
        var key = await ApproveOnAsync(v1);

        var v2 = Contract("2.0.0.0", "namespace Greetings.Contracts; public interface IGreeting { string Greet(string name, int times); }");
        using var host = await StartAsync(v2);
        var approvals = host.Services.GetRequiredService<IPluginApprovals>();

        var suspended = Assert.Single(await approvals.ListAsync(PluginStatus.Suspended));
        Assert.Equal(key, suspended.Key);
        Assert.Empty(await approvals.ListAsync(PluginStatus.Active));
        Assert.Equal(0, host.Services.GetRequiredService<PluginRuntime>().ActiveCount);
        Assert.Empty(Greetings(host, v2, "anna"));
        var entry = Assert.Single(await approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "suspended");
        Assert.Equal("system", entry.Actor);
        Assert.Contains("PA0904", entry.Reason, StringComparison.Ordinal);
        Assert.Contains("no longer compiles", entry.Reason, StringComparison.Ordinal);
        Assert.Contains("CS0535", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackAsync_SuspendedVersionThatStillDoesNotCompile_ThrowsPA0904AndItStaysSuspended()
    {
        var key = await ApproveOnAsync(Contract("1.0.0.0", ContractV1));
        using var host = await StartAsync(Contract("2.0.0.0", "namespace Greetings.Contracts; public interface IGreeting { string Greet(string name, int times); }"));
        var approvals = host.Services.GetRequiredService<IPluginApprovals>();

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => approvals.RollbackAsync(key, "manager", "try again"));

        Assert.Equal("PA0904", ex.DiagnosticId);
        Assert.Equal(PluginStatus.Suspended, (await approvals.GetAsync(key))!.Status);
        var revoked = await approvals.RevokeAsync(key.PluginId, "manager", "obsolete after the upgrade");
        Assert.Equal(PluginStatus.Revoked, revoked.Status);
    }

    [Fact]
    public async Task StartAsync_ContractChangedButTheSourceStillCompiles_RechecksAndLoadsTheApprovedDll()
    {
        var key = await ApproveOnAsync(Contract("1.0.0.0", ContractV1));
        string sha;
        var v11 = Contract("1.1.0.0", ContractV1 + " public sealed record Greeting(string Text);");
        using (var host = await StartAsync(v11))
        {
            var approvals = host.Services.GetRequiredService<IPluginApprovals>();
            var version = (await approvals.GetAsync(key))!;
            Assert.Equal(PluginStatus.Active, version.Status);
            sha = version.Sha256;
            Assert.Equal("Hello anna", Greet(Assert.Single(Greetings(host, v11, "anna")), v11, "anna"));
            Assert.Single(await approvals.GetAuditLogAsync(key.PluginId), e => e.Action == "rechecked" && e.Actor == "system");
            await host.StopAsync();
        }

        using var again = await StartAsync(v11);
        var log = await again.Services.GetRequiredService<IPluginApprovals>().GetAuditLogAsync(key.PluginId);
        Assert.Single(log, e => e.Action == "rechecked");
        Assert.Equal(sha, (await again.Services.GetRequiredService<IPluginApprovals>().GetAsync(key))!.Sha256);
    }

    private Assembly Contract(string version, string source)
    {
        var numbered = version[..version.LastIndexOf('.')] + "." + _build.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ContractAssemblies.Build(_directory.Combine("contracts", numbered), numbered, source);
    }

    private async Task<PluginVersionKey> ApproveOnAsync(Assembly contract)
    {
        using var host = await StartAsync(contract, new ScriptedChatClient().Reply(PluginSources.Answer(Plugin)));
        var result = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("anna", "say hello"));
        Assert.True(result.IsPendingApproval, result.ToString());
        await host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(result.Plugin!.Value, "manager", "friendly");
        Assert.Equal("Hello anna", Greet(Assert.Single(Greetings(host, contract, "anna")), contract, "anna"));
        await host.StopAsync();
        return result.Plugin!.Value;
    }

    private async Task<IHost> StartAsync(Assembly contract, IChatClient? model = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(model ?? new ScriptedChatClient());
        var personalization = builder.Services.AddPersonalization(o =>
        {
            o.StorePath = _directory.StorePath;
            o.DefaultPlacement = PlacementDefault.InProcess;
            o.WarmUpCompiler = false;
        });
        typeof(PersonalizationBuilder).GetMethod(nameof(PersonalizationBuilder.AddExtensionPoint))!
            .MakeGenericMethod(contract.GetType("Greetings.Contracts.IGreeting", throwOnError: true)!)
            .Invoke(personalization, [null]);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>IPersonalFeatures.GetAll&lt;IGreeting&gt; for a contract type known only at run time.</summary>
    private static IReadOnlyList<object> Greetings(IHost host, Assembly contract, string userId)
    {
        var features = host.Services.GetRequiredService<IPersonalFeatures>();
        var all = typeof(IPersonalFeatures).GetMethod(nameof(IPersonalFeatures.GetAll))!.MakeGenericMethod(contract.GetType("Greetings.Contracts.IGreeting")!);
        return [.. ((System.Collections.IEnumerable)all.Invoke(features, [userId])!).Cast<object>()];
    }

    private static string Greet(object feature, Assembly contract, string name)
    {
        var instance = feature.GetType().GetProperty("Instance")!.GetValue(feature)!;
        return (string)contract.GetType("Greetings.Contracts.IGreeting")!.GetMethod("Greet")!.Invoke(instance, [name])!;
    }
}
