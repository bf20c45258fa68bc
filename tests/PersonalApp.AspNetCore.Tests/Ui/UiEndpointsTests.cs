using System.Net;
using System.Text.RegularExpressions;
using PersonalApp.AspNetCore.Tests.TestUtilities;

namespace PersonalApp.AspNetCore.Tests.Ui;

public sealed partial class UiEndpointsTests
{
    [Theory]
    [InlineData("ui/user", "anna", false)]
    [InlineData("ui/admin", "mia", true)]
    public async Task Page_SignedIn_SendsCspAndHoldsNoInlineScript(string path, string user, bool admin)
    {
        await using var host = await WebHostFixture.StartAsync();
        using var client = host.Client(user, admin);

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Empty(InlineScript().Matches(html));
        Assert.Empty(InlineHandler().Matches(html));
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_PlainUser_Returns403()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anna = host.Client("anna");

        using var response = await anna.GetAsync("ui/admin");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("common.js", "text/javascript")]
    [InlineData("user.js", "text/javascript")]
    [InlineData("admin.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Asset_Embedded_IsServedWithItsType(string file, string type)
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anonymous = host.Client(null);

        using var response = await anonymous.GetAsync("ui/assets/" + file);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asset_Unknown_Returns404()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anonymous = host.Client(null);

        using var response = await anonymous.GetAsync("ui/assets/secrets.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // A <script> element without a src attribute, i.e. inline code.
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // An inline event handler attribute such as onclick= or onerror=.
    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
