using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PersonalApp.BrowserTests;

/// <summary>
/// The web face in a real browser, against the EventTickets sample: an organizer asks, a manager reads the packet and
/// approves, the price changes, a rollback undoes a change; users never see each other's features; wishes render as
/// text; approval works with the keyboard alone.
/// </summary>
public sealed partial class EventTicketsBrowserTests(EventTicketsFixture app) : IClassFixture<EventTicketsFixture>
{
    private const string EarlyBird = "15% off when the event is more than 30 days away";

    [ChromiumFact]
    public async Task AskApproveChangeRollback_OrganizerAndManager_PriceFollowsTheLiveVersion()
    {
        var olivia = await app.SignInAsync("olivia");
        var mandy = await app.SignInAsync("mandy");
        Assert.Equal("€80.00", await TotalAsync(olivia));

        // The organizer asks, and sees the stages arrive.
        await olivia.GotoAsync("/personalize/ui/user");
        await olivia.FillAsync("#wish", EarlyBird);
        await olivia.ClickAsync("#ask");
        await Assertions.Expect(olivia.Locator("#result")).ToContainTextAsync("waits for an admin's approval", new() { Timeout = 120_000 });
        var stages = await olivia.Locator("#stages li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.stage)");
        Assert.Equal(["Validating", "Generating", "Compiling", "Verifying", "PendingApproval"], stages);
        var pluginId = await olivia.Locator("article.feature").First.GetAttributeAsync("data-plugin-id");
        Assert.NotNull(pluginId);
        await olivia.ScreenshotAsync(new() { Path = Artifact("user-page.png"), FullPage = true });

        // The manager reads the packet and approves with the clock granted.
        await OpenPacketAsync(mandy, pluginId!, 1);
        await Assertions.Expect(mandy.Locator("#packet-wish")).ToHaveTextAsync(EarlyBird);
        await Assertions.Expect(mandy.Locator("#source")).ToContainTextAsync("Require<IPluginClock>()");
        await Assertions.Expect(mandy.Locator(".apis dt", new() { HasText = "EventTickets.Contracts" })).ToBeVisibleAsync();
        await Assertions.Expect(mandy.Locator(".apis dd", new() { HasText = "TicketQuote.ListTotal" }).First).ToBeVisibleAsync();
        await Assertions.Expect(mandy.Locator("#risk")).ToHaveTextAsync("Risk: Low");

        // The packet says where approving puts it and what that means, and follows the admin's choice.
        var byDefault = await mandy.Locator("#placement-meaning").TextContentAsync();
        Assert.Matches("^(Isolated|InProcess): ", byDefault);
        await mandy.SelectOptionAsync("#placement", "InProcess");
        await Assertions.Expect(mandy.Locator("#placement-meaning")).ToContainTextAsync("InProcess: the plugin runs inside the host process");
        await mandy.SelectOptionAsync("#placement", string.Empty);
        await Assertions.Expect(mandy.Locator("#placement-meaning")).ToHaveTextAsync(byDefault!);

        await mandy.CheckAsync("#grant-clock");
        await mandy.FillAsync("#decision-reason", "early bird is our policy");
        await mandy.ClickAsync("#approve");
        await Assertions.Expect(mandy.Locator("#notice")).ToHaveTextAsync($"Approve {pluginId} v1: done.");
        Assert.Equal("€68.00", await TotalAsync(olivia));

        // "Change it so that..." makes version 2; its packet shows the diff.
        await olivia.GotoAsync("/personalize/ui/user");
        await olivia.Locator($"article.feature[data-plugin-id='{pluginId}'] button", new() { HasText = "Change it so that" }).ClickAsync();
        await olivia.FillAsync("#wish", "make it 25% off");
        await olivia.ClickAsync("#ask");
        await Assertions.Expect(olivia.Locator("#result")).ToContainTextAsync("version 2", new() { Timeout = 120_000 });

        await OpenPacketAsync(mandy, pluginId!, 2);
        var added = mandy.Locator("#diff .add", new() { HasText = "0.25m" });
        await Assertions.Expect(added).ToBeVisibleAsync();
        await Assertions.Expect(mandy.Locator("#diff .del", new() { HasText = "0.15m" })).ToBeVisibleAsync();
        await mandy.ScreenshotAsync(new() { Path = Artifact("admin-packet.png"), FullPage = true });
        await mandy.CheckAsync("#grant-clock");
        await mandy.FillAsync("#decision-reason", "25% for the summer");
        await mandy.ClickAsync("#approve");
        await Assertions.Expect(mandy.Locator("#notice")).ToHaveTextAsync($"Approve {pluginId} v2: done.");
        Assert.Equal("€60.00", await TotalAsync(olivia));

        // Roll back to version 1: the price follows.
        await mandy.FillAsync("#action-reason", "25% was too much");
        await mandy.Locator($"article.feature[data-plugin-id='{pluginId}'] button.rollback", new() { HasText = "Roll back to v1" }).ClickAsync();
        await Assertions.Expect(mandy.Locator("#notice")).ToHaveTextAsync($"Roll back {pluginId} to v1: done.");
        Assert.Equal("€68.00", await TotalAsync(olivia));

        CopyToDocs("user-page.png", "web-user.png");
        CopyToDocs("admin-packet.png", "web-admin-packet.png");
        await olivia.Context.CloseAsync();
        await mandy.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SecondOrganizer_FirstOrganizersFeature_IsNeitherListedNorReadable()
    {
        var olivia = await app.SignInAsync("olivia");
        var omar = await app.SignInAsync("omar");
        var pluginId = await AskAsync(olivia, "students pay half price");

        await omar.GotoAsync("/personalize/ui/user");
        await Assertions.Expect(omar.Locator("#who")).ToHaveTextAsync("omar");
        await Assertions.Expect(omar.Locator($"article.feature[data-plugin-id='{pluginId}']")).ToHaveCountAsync(0);
        var packet = await omar.Context.APIRequest.GetAsync($"/personalize/api/features/{pluginId}/versions/1/packet");
        var feature = await omar.Context.APIRequest.GetAsync($"/personalize/api/features/{pluginId}");
        var admin = await omar.Context.APIRequest.GetAsync($"/personalize/api/admin/plugins/{pluginId}/versions/1/packet");
        var adminPage = await omar.GotoAsync("/personalize/ui/admin");

        Assert.Equal(404, packet.Status);
        Assert.Equal(404, feature.Status);
        Assert.Equal(403, admin.Status);
        Assert.Equal(403, adminPage!.Status);
        await olivia.Context.CloseAsync();
        await omar.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Wish_WithScriptAndImgOnerror_RendersAsText()
    {
        const string Wish = "students pay half price <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
        var olivia = await app.SignInAsync("olivia");
        var mandy = await app.SignInAsync("mandy");
        var pluginId = await AskAsync(olivia, Wish);

        var feature = olivia.Locator($"article.feature[data-plugin-id='{pluginId}']");
        await Assertions.Expect(feature.Locator("p.wish")).ToHaveTextAsync(Wish);
        Assert.Equal(0, await feature.Locator("img, script").CountAsync());
        await OpenPacketAsync(mandy, pluginId, 1);
        await Assertions.Expect(mandy.Locator("#packet-wish")).ToHaveTextAsync(Wish);
        Assert.Equal(0, await mandy.Locator("#packet img, #queue img, #plugins img").CountAsync());

        Assert.Null(await olivia.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Null(await mandy.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await olivia.Context.CloseAsync();
        await mandy.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Approve_KeyboardOnly_MakesTheVersionLive()
    {
        var omar = await app.SignInAsync("omar");
        var mandy = await app.SignInAsync("mandy");
        var pluginId = await AskAsync(omar, "10% off when buying 4 or more tickets");

        await mandy.GotoAsync("/personalize/ui/admin");
        await Assertions.Expect(mandy.Locator($"#queue button.open-packet[data-plugin-id='{pluginId}']")).ToHaveCountAsync(1);
        await TabUntilAsync(mandy, $"button.open-packet[data-plugin-id='{pluginId}']");
        await mandy.Keyboard.PressAsync("Enter");
        await Assertions.Expect(mandy.Locator("#packet-heading")).ToBeFocusedAsync();
        await TabUntilAsync(mandy, "#decision-reason");
        await mandy.Keyboard.TypeAsync("fine by keyboard");
        await TabUntilAsync(mandy, "#approve");
        await mandy.Keyboard.PressAsync("Enter");
        await Assertions.Expect(mandy.Locator("#notice")).ToHaveTextAsync($"Approve {pluginId} v1: done.");

        await omar.GotoAsync("/personalize/ui/user");
        await Assertions.Expect(omar.Locator($"article.feature[data-plugin-id='{pluginId}'] h3 .status").First).ToHaveTextAsync("Active");
        await omar.GotoAsync("/?quantity=4");
        Assert.Equal("€144.00", await omar.Locator("#total").TextContentAsync());
        await omar.Context.CloseAsync();
        await mandy.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Report_ReturnedAsAView_ShowsItsTableAndChartOnThePricePage()
    {
        var omar = await app.SignInAsync("omar");
        var mandy = await app.SignInAsync("mandy");
        var pluginId = await AskAsync(omar, "tickets sold per event, as a table and a chart");
        await OpenPacketAsync(mandy, pluginId, 1);
        await mandy.FillAsync("#decision-reason", "a useful report");
        await mandy.ClickAsync("#approve");
        await Assertions.Expect(mandy.Locator("#notice")).ToHaveTextAsync($"Approve {pluginId} v1: done.");

        await omar.GotoAsync("/");
        var report = omar.Locator("article.pa-view", new() { Has = omar.Locator("h3", new() { HasText = "Tickets sold per event" }) });
        await Assertions.Expect(report).ToBeVisibleAsync();
        var events = await omar.Locator("#event option").CountAsync();
        await Assertions.Expect(report.Locator("table.pa-table tbody tr")).ToHaveCountAsync(events);
        await Assertions.Expect(report.Locator("svg rect.pa-bar")).ToHaveCountAsync(events);
        await Assertions.Expect(report.Locator("td.pa-num").First).ToHaveCSSAsync("text-align", "right");
        await report.ScreenshotAsync(new() { Path = Artifact("report-view.png") });
        CopyToDocs("report-view.png", "web-report-view.png");
        await omar.Context.CloseAsync();
        await mandy.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task PluginView_WithScriptAndImgOnerrorInItsTexts_RendersAsTextInTheBrowser()
    {
        const string Script = "<script>window.__pwned = 1</script>";
        const string Image = "<img src=x onerror=\"window.__pwned = 2\">";
        var view = new PersonalApp.Views.PluginView(Script,
        [
            new PersonalApp.Views.TextBlock(Image),
            new PersonalApp.Views.TableBlock([new PersonalApp.Views.TableColumn(Image)], [[Script]]),
            new PersonalApp.Views.ChartBlock(PersonalApp.Views.ChartKind.Bar, Image, [Script], [new PersonalApp.Views.ChartSeries(Image, [1])]),
        ]);
        var page = await app.Browser.NewPageAsync();

        await page.SetContentAsync("<!doctype html><html><body>" + PersonalApp.AspNetCore.PluginViewHtml.Render(view).Value + "</body></html>");

        var article = page.Locator("article.pa-view");
        await Assertions.Expect(article.Locator("h2")).ToHaveTextAsync(Script);
        await Assertions.Expect(article.Locator("p.pa-text")).ToHaveTextAsync(Image);
        await Assertions.Expect(article.Locator("td")).ToHaveTextAsync(Script);
        await Assertions.Expect(article.Locator("figcaption")).ToHaveTextAsync(Image);
        Assert.Equal(0, await page.Locator("img, body script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await page.CloseAsync();
    }

    // Asks on the user page and waits until the new version waits for approval; returns its plugin id.
    private static async Task<string> AskAsync(IPage page, string wish)
    {
        await page.GotoAsync("/personalize/ui/user");
        await page.FillAsync("#wish", wish);
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("waits for an admin's approval", new() { Timeout = 120_000 });
        return await page.Locator("#result").EvaluateAsync<string>("r => r.textContent.match(/\\(([a-z0-9-]+), version/)[1]");
    }

    private static async Task<string?> TotalAsync(IPage page)
    {
        await page.GotoAsync("/");
        return await page.Locator("#total").TextContentAsync();
    }

    private static async Task OpenPacketAsync(IPage admin, string pluginId, int version)
    {
        await admin.GotoAsync("/personalize/ui/admin");
        await admin.Locator($"#queue button.open-packet[data-plugin-id='{pluginId}'][data-version='{version}']").ClickAsync();
        await Assertions.Expect(admin.Locator("#packet-heading")).ToHaveTextAsync($"Approval packet: {pluginId} v{version}");
    }

    // Presses Tab until the element matching the selector has the focus (at most 300 presses).
    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 300; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    private static string Artifact(string name) => Path.Combine(EventTicketsFixture.ArtifactDirectory, name);

    // With PERSONALAPP_UPDATE_DOCS_IMAGES=1, the screenshots also replace docs/images/ (the docs show what the tests saw).
    private static void CopyToDocs(string artifact, string docsName)
    {
        if (Environment.GetEnvironmentVariable("PERSONALAPP_UPDATE_DOCS_IMAGES") != "1")
        {
            return;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PersonalApp.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is not null)
        {
            var images = Directory.CreateDirectory(Path.Combine(directory.FullName, "docs", "images"));
            File.Copy(Artifact(artifact), Path.Combine(images.FullName, docsName), overwrite: true);
        }
    }
}
