using System.Net;
using System.Text;
using PersonalApp.AspNetCore.Tests.TestUtilities;

namespace PersonalApp.AspNetCore.Tests.Api;

public sealed class UserEndpointsTests
{
    [Fact]
    public async Task Ask_ValidWish_StreamsStagesThenPendingResult()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        var events = await anna.AskAsync(new { wish = "10% off when buying 4 or more tickets" });

        var stages = events.Where(e => e.Event == "stage").Select(e => e.Data.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["Validating", "Generating", "Compiling", "PendingApproval"], stages);
        var result = events[^1];
        Assert.Equal("result", result.Event);
        Assert.Equal("PendingApproval", result.Data.GetProperty("kind").GetString());
        Assert.Equal(1, result.Data.GetProperty("version").GetInt32());
        Assert.Contains("waits for an admin's approval", result.Data.GetProperty("headline").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_EmptyWish_Returns400WithWishFieldError()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        using var response = await anna.PostJsonAsync("api/requests", new { wish = "   " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        var wishErrors = problem.GetProperty("errors").GetProperty("wish").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(wishErrors, e => e!.StartsWith("PA0101", StringComparison.Ordinal));
        Assert.Equal(0, host.Model.CallCount);
    }

    [Fact]
    public async Task Ask_UnknownExtensionPoint_Returns400WithExtensionPointFieldError()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        using var response = await anna.PostJsonAsync("api/requests", new { wish = "10% off", extensionPoint = "NoSuchThing" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.StartsWith("PA0104", problem.GetProperty("errors").GetProperty("extensionPoint")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_NotSignedIn_Returns401()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anonymous = host.Client(null);

        using var response = await anonymous.PostJsonAsync("api/requests", new { wish = "10% off when buying 4 or more tickets" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Model.CallCount);
    }

    [Fact]
    public async Task Ask_NotJson_Returns415()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        // What a cross-site HTML form can send without a preflight.
        using var response = await anna.PostAsync("api/requests", new StringContent("wish=10%25+off", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, host.Model.CallCount);
    }

    [Fact]
    public async Task Ask_UserBudgetSpent_Returns429()
    {
        await using var host = await WebHostFixture.StartAsync(personalization: o => o.MaxTokensPerUserPerDay = 1_000);
        using var anna = host.Client("anna");
        host.Model.Reply(WebHostFixture.RuleSource, inputTokens: 900, outputTokens: 200);
        var first = await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" });
        Assert.Equal("PendingApproval", first.GetProperty("kind").GetString());

        using var response = await anna.PostJsonAsync("api/requests", new { wish = "5% off for students" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("PA0905", problem.GetProperty("diagnostics")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ask_ChangeOfAnotherUsersFeature_Returns404()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var ben = host.Client("ben");
        var annas = await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" });

        using var response = await ben.PostJsonAsync("api/requests", new { wish = "make it 20% off", pluginId = annas.GetProperty("pluginId").GetString() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, host.Model.CallCount);
    }

    [Fact]
    public async Task Ask_ChangeOfOwnFeature_MakesVersionTwo()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        var first = await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" });
        var pluginId = first.GetProperty("pluginId").GetString();

        var second = await anna.AskForResultAsync(new { wish = "make it 20% off", pluginId });

        Assert.Equal("PendingApproval", second.GetProperty("kind").GetString());
        Assert.Equal(pluginId, second.GetProperty("pluginId").GetString());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Features_TwoUsers_EachSeesOnlyTheirOwn()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var ben = host.Client("ben");
        var annas = await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" });
        var pluginId = annas.GetProperty("pluginId").GetString();

        var annaList = await (await anna.GetAsync("api/features")).JsonAsync();
        var benList = await (await ben.GetAsync("api/features")).JsonAsync();
        using var benFeature = await ben.GetAsync($"api/features/{pluginId}");
        using var benPacket = await ben.GetAsync($"api/features/{pluginId}/versions/1/packet");
        using var annaPacket = await anna.GetAsync($"api/features/{pluginId}/versions/1/packet");

        Assert.Equal(pluginId, annaList[0].GetProperty("pluginId").GetString());
        Assert.Equal(0, benList.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, benFeature.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, benPacket.StatusCode);
        Assert.Equal(HttpStatusCode.OK, annaPacket.StatusCode);
    }

    [Fact]
    public async Task TurnOff_AnotherUsersFeature_Returns404AndKeepsItLive()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var ben = host.Client("ben");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();

        using var response = await ben.PostJsonAsync($"api/features/{pluginId}/turn-off", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var feature = await (await anna.GetAsync($"api/features/{pluginId}")).JsonAsync();
        Assert.Equal("Active", feature.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TurnOff_OwnActiveFeature_RevokesIt()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);
        var pluginId = (await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" })).GetProperty("pluginId").GetString();
        (await admin.PostJsonAsync($"api/admin/plugins/{pluginId}/versions/1/approve", new { reason = "fine" })).EnsureSuccessStatusCode();

        using var response = await anna.PostJsonAsync($"api/features/{pluginId}/turn-off", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Revoked", (await response.JsonAsync()).GetProperty("status").GetString());
        using var again = await anna.PostJsonAsync($"api/features/{pluginId}/turn-off", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ExtensionPoints_SignedIn_ListsTheContractInPlainWords()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        var points = await (await anna.GetAsync("api/extension-points")).JsonAsync();

        var point = Assert.Single(points.EnumerateArray());
        Assert.Equal("TicketPriceRule", point.GetProperty("name").GetString());
        Assert.Contains("ticket price rule", point.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_AdminAndUser_SaysWhoMayOpenTheAdminPage()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");
        using var admin = host.Client("mia", admin: true);

        var annaMe = await (await anna.GetAsync("api/me")).JsonAsync();
        var adminMe = await (await admin.GetAsync("api/me")).JsonAsync();

        Assert.Equal("anna", annaMe.GetProperty("userId").GetString());
        Assert.False(annaMe.GetProperty("isAdmin").GetBoolean());
        Assert.True(adminMe.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task Ask_CustomUserIdClaim_UsesTheHostsRule()
    {
        await using var host = await WebHostFixture.StartAsync(endpoints: o => o.UserId = user => "tenant-1/" + user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        using var anna = host.Client("anna");

        await anna.AskForResultAsync(new { wish = "10% off when buying 4 or more tickets" });
        var me = await (await anna.GetAsync("api/me")).JsonAsync();
        var features = await (await anna.GetAsync("api/features")).JsonAsync();

        Assert.Equal("tenant-1/anna", me.GetProperty("userId").GetString());
        Assert.Equal("tenant-1/anna", features[0].GetProperty("owner").GetString());
    }
}
