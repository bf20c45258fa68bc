using System.Net;
using System.Text.Json;
using PersonalApp.AspNetCore.Tests.TestUtilities;

namespace PersonalApp.AspNetCore.Tests.Api;

public sealed class AdminEndpointsTests
{
    private const string Wish = "10% off when buying 4 or more tickets";

    [Fact]
    public async Task Queue_PlainUser_Returns403()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        using var response = await anna.GetAsync("api/admin/queue");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Queue_NotSignedIn_Returns401()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anonymous = host.Client(null);

        using var response = await anonymous.GetAsync("api/admin/queue");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Packet_PendingChange_HasDiffSourceApisAndRisk()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();
        host.Model.Reply(WebHostFixture.RuleSource.Replace("0.10m", "0.20m", StringComparison.Ordinal));
        await anna.AskForResultAsync(new { wish = "make it 20% off", pluginId });

        var queue = await (await admin.GetAsync("api/admin/queue")).JsonAsync();
        var packet = await (await admin.GetAsync($"api/admin/plugins/{pluginId}/versions/2/packet")).JsonAsync();

        Assert.Equal(2, Assert.Single(queue.EnumerateArray()).GetProperty("version").GetInt32());
        Assert.Equal(1, packet.GetProperty("previousVersion").GetInt32());
        Assert.Contains("+", packet.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Contains("0.20m", packet.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 ", packet.GetProperty("numberedSource").GetString(), StringComparison.Ordinal);
        Assert.Contains(packet.GetProperty("apisUsed").EnumerateArray(), a => a.GetProperty("namespace").GetString() == "EventTickets.Contracts");
        Assert.Equal("Low", packet.GetProperty("risk").GetString());
        Assert.Equal("anna", packet.GetProperty("requestedBy").GetString());
    }

    [Theory]
    [InlineData(PlacementDefault.InProcess, "InProcess")]
    [InlineData(PlacementDefault.Isolated, "Isolated")]
    public async Task Packet_Pending_SaysWhereApprovingPutsItAndWhatEachPlacementMeans(PlacementDefault placementDefault, string expected)
    {
        await using var host = await WebHostFixture.StartAsync(personalization: o => o.DefaultPlacement = placementDefault);
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        var packet = await (await admin.GetAsync($"api/admin/plugins/{pluginId}/versions/1/packet")).JsonAsync();

        Assert.Equal(expected, packet.GetProperty("placement").GetString());
        Assert.StartsWith(expected + ": ", packet.GetProperty("placementMeaning").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, packet.GetProperty("placementWarning").ValueKind);
        var meanings = packet.GetProperty("placementMeanings");
        Assert.StartsWith("InProcess: ", meanings.GetProperty("InProcess").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Isolated: ", meanings.GetProperty("Isolated").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Packet_UnknownVersion_Returns404()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var admin = host.Client("mia", admin: true);

        using var response = await admin.GetAsync("api/admin/plugins/nothing/versions/1/packet");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Approve_OwnRequest_Returns403ByDefault()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var mia = host.Client("mia", admin: true);
        var pluginId = (await mia.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        using var response = await mia.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var packet = await (await mia.GetAsync($"api/admin/plugins/{pluginId}/versions/1/packet")).JsonAsync();
        Assert.Equal("PendingApproval", packet.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_OwnRequestWhenHostAllowsIt_Succeeds()
    {
        await using var host = await WebHostFixture.StartAsync(endpoints: o => o.AllowSelfApproval = true);
        using var mia = host.Client("mia", admin: true);
        var pluginId = (await mia.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        using var response = await mia.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "mine" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Active", (await response.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_AlreadyApproved_Returns409()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "again" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("PA0502", (await response.JsonAsync()).GetProperty("diagnosticId").GetString());
    }

    [Fact]
    public async Task Approve_WithGrant_GrantsTheCapability()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = "early bird: 15% off more than 30 days ahead" })).GetProperty("pluginId").GetString();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine", grantedCapabilities = new[] { "clock" }, placement = "InProcess" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = await response.JsonAsync();
        Assert.Equal("clock", Assert.Single(version.GetProperty("grantedCapabilities").EnumerateArray()).GetString());
        Assert.Equal("InProcess", version.GetProperty("placement").GetString());
    }

    [Fact]
    public async Task Approve_GrantNotAskedFor_Returns400WithGrantField()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { grantedCapabilities = new[] { "storage" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("grantedCapabilities", out _));
    }

    [Fact]
    public async Task Approve_UnknownPlacement_Returns400WithPlacementField()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { placement = "Moon" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("placement", out _));
    }

    [Fact]
    public async Task Reject_WithoutReason_Returns400WithReasonField()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/reject", new { reason = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Reject_ThenApprove_Returns409()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/reject", new { reason = "too generous" })).EnsureSuccessStatusCode();

        using var response = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var feature = await (await anna.GetAsync($"api/features/{pluginId}")).JsonAsync();
        Assert.Equal("too generous", feature.GetProperty("versions")[0].GetProperty("decisionReason").GetString());
    }

    [Fact]
    public async Task RollbackRevokePromote_ApprovedVersions_ChangeStateAndAreAudited()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();
        await anna.AskForResultAsync(new { wish = "make it 20% off", pluginId });
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/2/approve", new { reason = "fine too" })).EnsureSuccessStatusCode();

        using var rollback = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/rollback", new { reason = "v2 was wrong" });
        using var promote = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/promote", new { audience = "group:desk-2", reason = "desk 2 sells groups" });
        using var revoke = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/revoke", new { reason = "season over" });
        using var revokeAgain = await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/revoke", new { reason = "season over" });

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(1, (await rollback.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revokeAgain.StatusCode);
        var rolledBack = await (await admin.GetAsync($"api/admin/audit?pluginId={pluginId}&action=rolled-back")).JsonAsync();
        var entry = Assert.Single(rolledBack.EnumerateArray());
        Assert.Equal("mia", entry.GetProperty("actor").GetString());
        var plugins = await (await admin.GetAsync("api/admin/plugins")).JsonAsync();
        Assert.Equal("Revoked", plugins[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Promote_UnknownAudience_Returns400WithAudienceField()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var admin = host.Client("mia", admin: true);

        using var response = await admin.PostJsonAsync("api/admin/plugins/whatever/promote", new { audience = "the moon", reason = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("audience", out _));
    }

    [Fact]
    public async Task Audit_FilteredByActor_ListsOnlyTheirEntries()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = Wish })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();

        var all = await (await admin.GetAsync("api/admin/audit")).JsonAsync();
        var mias = await (await admin.GetAsync("api/admin/audit?actor=mia")).JsonAsync();

        Assert.True(all.GetArrayLength() > mias.GetArrayLength());
        Assert.All(mias.EnumerateArray(), e => Assert.Equal("mia", e.GetProperty("actor").GetString()));
        Assert.Contains(mias.EnumerateArray(), e => e.GetProperty("action").GetString() == "approved");
    }

    [Fact]
    public async Task Health_Admin_ReportsTheIsolationMode()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var admin = host.Client("mia", admin: true);

        var health = await (await admin.GetAsync("api/admin/health")).JsonAsync();

        Assert.Contains(health.GetProperty("status").GetString(), new[] { "Healthy", "Degraded", "Unhealthy" });
        Assert.False(string.IsNullOrEmpty(health.GetProperty("summary").GetString()));
    }
}
