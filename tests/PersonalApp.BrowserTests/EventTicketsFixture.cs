using EventTickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PersonalApp.Testing;

namespace PersonalApp.BrowserTests;

/// <summary>
/// The EventTickets sample, started in this process on a free loopback port with a scripted model (the sample's own
/// fixture files as its answers), and one headless Debian Chromium driven by Playwright.
/// </summary>
public sealed class EventTicketsFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "pa-browser-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots beside the test assembly.</summary>
    public static string ArtifactDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            return;
        }

        Directory.CreateDirectory(_data);
        Directory.CreateDirectory(ArtifactDirectory);
        var model = FixtureAnswers.CreateChatClient(FixtureAnswers.DefaultDirectory);
        // Generous call limits: the browser tests run beside three other test assemblies, and a plugin's first call (or a
        // check's, in a fresh worker) pays its JIT inside its limit.
        _app = EventTicketsApp.Build(
            ["--urls", "http://127.0.0.1:0", "--EventTickets:DataDirectory", _data, "--Logging:LogLevel:Default", "Warning"],
            model,
            o =>
            {
                o.Sandbox.Limits.Timeout = TimeSpan.FromSeconds(10);
                o.Isolation.DeadlineMargin = TimeSpan.FromSeconds(10);
            });
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in as a demo user through the demo sign-in page.</summary>
    public async Task<IPage> SignInAsync(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // CI runs the test assemblies side by side on two cores: a page may take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/demo/sign-in");
        await page.ClickAsync($"#sign-in-{user}");

        // The sign-in redirects to the price page: wait for the page itself (its total), which a locator does across the
        // navigation. Not WaitForURL: when the redirect has already committed, it waits for a load state of that
        // document instead, which on a busy machine timed out although the page was there.
        await page.Locator("#total").WaitForAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
