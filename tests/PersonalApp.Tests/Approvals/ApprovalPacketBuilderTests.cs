using System.Security.Cryptography;
using System.Text.Json;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Approvals;

/// <summary>The approval packet as an admin gets it from <see cref="IPluginApprovals.GetPacketAsync"/>: every field, the diff, the APIs, the risk, the JSON.</summary>
public sealed class ApprovalPacketBuilderTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetPacketAsync_FirstVersion_HoldsWishRequesterCostSourceApisHashAndRisk()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.OneUnknownMember), inputTokens: 900, outputTokens: 100)
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount), inputTokens: 1100, outputTokens: 300);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var key = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish))).Plugin!.Value;

        var packet = await host.Approvals.GetPacketAsync(key);

        Assert.NotNull(packet);
        Assert.Equal(key, packet.Key);
        Assert.Equal(PluginStatus.PendingApproval, packet.Status);
        Assert.Equal(Wish, packet.Wish);
        Assert.Equal("anna", packet.Owner);
        Assert.Equal("TicketPricingRule", packet.ExtensionPoint);
        Assert.Equal("TicketKiosk.Contracts.ITicketPricingRule", packet.ContractType);
        Assert.Equal("scripted", packet.ModelId);
        Assert.Equal((1, 2000L, 400L), (packet.RepairRounds, packet.InputTokens, packet.OutputTokens));
        var source = PluginSources.Read(PluginSources.WeekdayGroupDiscount).TrimEnd();
        Assert.Equal(source, packet.Source);
        Assert.StartsWith(" 1 | namespace KioskPlugins;\n", packet.NumberedSource, StringComparison.Ordinal);
        Assert.Contains($"\n{PluginSources.LineOf(source, "GroupSize <= 10")} |         if (order.GroupSize <= 10", packet.NumberedSource, StringComparison.Ordinal);
        Assert.Null(packet.PreviousVersion);
        Assert.Null(packet.Diff);
        Assert.Empty(packet.RequestedCapabilities);
        Assert.Empty(packet.Verification);
        var dll = (byte[])RawSql.Scalar(host.StorePath, "SELECT dll FROM plugin_versions WHERE plugin_id = $id AND version = 1", ("$id", key.PluginId))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dll)), packet.Sha256);
        Assert.Equal(RiskLevel.Low, packet.Risk);
        Assert.Contains(packet.Diagnostics, d => d.Message.StartsWith("Round 0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetPacketAsync_FirstVersion_ListsTheApisUsedGroupedByNamespace()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount)));
        var key = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish))).Plugin!.Value;

        var packet = (await host.Approvals.GetPacketAsync(key))!;

        Assert.Equal(["System", "TicketKiosk.Contracts"], packet.ApisUsed.Select(a => a.Namespace));
        var system = packet.ApisUsed[0].Members;
        Assert.Contains("Decimal.Round(Decimal, Int32)", system);
        Assert.Contains("DateOnly.DayOfWeek (get)", system);
        Assert.Contains("DayOfWeek.Saturday", system);
        Assert.DoesNotContain("Int32", system);
        var contract = packet.ApisUsed[1].Members;
        Assert.Contains("TicketOrder.GroupSize (get)", contract);
        Assert.Contains("TicketOrder.ListTotal (get)", contract);
        Assert.Contains("new PriceAdjustment(Decimal, String)", contract);
        Assert.Equal(contract.Order(StringComparer.Ordinal), contract);
    }

    [Fact]
    public async Task GetPacketAsync_NextVersion_HasAUnifiedDiffAgainstThePreviousOne()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId })).Plugin!.Value;

        var packet = (await host.Approvals.GetPacketAsync(v2))!;

        Assert.Equal(v1, packet.PreviousVersion);
        Assert.NotNull(packet.Diff);
        Assert.StartsWith($"--- {v1} (Active)\n+++ {v2}\n@@ ", packet.Diff, StringComparison.Ordinal);
        Assert.Contains("\n-    private const decimal Rate = 0.20m;\n+    private const decimal Rate = 0.25m;\n", packet.Diff, StringComparison.Ordinal);
        var changed = packet.Diff.Split('\n').Where(l => l.Length > 0 && l[0] is '+' or '-' && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        Assert.All(changed, l => Assert.True(l.Contains("0.2", StringComparison.Ordinal) || l.Contains("20%", StringComparison.Ordinal) || l.Contains("25%", StringComparison.Ordinal), l));
    }

    [Fact]
    public async Task GetPacketAsync_StoragePluginApproved_ShowsRequestedAndGrantedCapabilitiesAndMediumRisk()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.OrderCounter)));
        var key = await host.RequestAndApproveAsync("anna", "count my orders", ["storage"]);

        var packet = (await host.Approvals.GetPacketAsync(key))!;

        Assert.Equal(["storage"], packet.RequestedCapabilities);
        Assert.Equal(["storage"], packet.GrantedCapabilities);
        Assert.Equal(RiskLevel.Medium, packet.Risk);
        var capabilities = Assert.Single(packet.ApisUsed, a => a.Namespace == "PersonalApp.Capabilities").Members;
        Assert.Contains("IPluginStorage.Increment(String, Int64)", capabilities);
        Assert.Contains("PluginContext.Require<T>()", capabilities);
        Assert.Equal("manager", packet.DecidedBy);
    }

    [Fact]
    public async Task ToJson_Packet_IsCamelCaseWithEnumsAsTextAndEveryField()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount))
            .Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscountQuarterOff));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var v1 = await host.RequestAndApproveAsync("anna", Wish);
        var v2 = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "make it 25% off") { PluginId = v1.PluginId })).Plugin!.Value;
        var packet = (await host.Approvals.GetPacketAsync(v2))!;

        using var json = JsonDocument.Parse(packet.ToJson());

        var root = json.RootElement;
        Assert.Equal(v2.PluginId, root.GetProperty("key").GetProperty("pluginId").GetString());
        Assert.Equal(2, root.GetProperty("key").GetProperty("version").GetInt32());
        Assert.Equal("pendingApproval", root.GetProperty("status").GetString());
        Assert.Equal("make it 25% off", root.GetProperty("wish").GetString());
        Assert.Equal("anna", root.GetProperty("owner").GetString());
        Assert.Equal(packet.Diff, root.GetProperty("diff").GetString());
        Assert.Equal(packet.NumberedSource, root.GetProperty("numberedSource").GetString());
        Assert.Equal("System", root.GetProperty("apisUsed")[0].GetProperty("namespace").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("verification").ValueKind);
        Assert.Equal("low", root.GetProperty("risk").GetString());
        Assert.Equal("owner", root.GetProperty("audience").GetString());
        Assert.Equal(packet.Sha256, root.GetProperty("sha256").GetString());
        foreach (var name in new[] { "extensionPoint", "modelId", "repairRounds", "inputTokens", "outputTokens", "source", "previousVersion", "requestedCapabilities", "grantedCapabilities", "riskReasons", "createdAt" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public async Task GetPacketAsync_UnknownVersion_ReturnsNull()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient());

        Assert.Null(await host.Approvals.GetPacketAsync(new PluginVersionKey("nope", 1)));
    }

    [Fact]
    public async Task GetPacketAsync_CancelledToken_Throws()
    {
        await using var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Approvals.GetPacketAsync(new PluginVersionKey("nope", 1), new CancellationToken(canceled: true)));
    }
}
