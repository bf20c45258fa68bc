using System.Net.Http.Headers;
using EventTickets.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PersonalApp.Testing;

namespace PersonalApp.AspNetCore.Tests.TestUtilities;

/// <summary>
/// A real Kestrel on 127.0.0.1 with PersonalApp, one extension point (EventTickets' price rule), a scripted model that
/// always writes the same valid rule, header sign-in, and MapPersonalization("/personalize").
/// </summary>
internal sealed class WebHostFixture : IAsyncDisposable
{
    public const string RuleSource = """
        ```csharp
        namespace Plugins;

        public sealed class BulkDiscount : ITicketPriceRule
        {
            public string Name => "4 or more: 10% off";

            public PriceChange? Apply(TicketQuote quote)
                => quote.Quantity >= 4 ? new PriceChange(decimal.Round(quote.ListTotal * 0.10m, 2), "4 or more: 10% off") : null;
        }
        ```
        """;

    public const string ClockRuleSource = """
        ```csharp
        namespace Plugins;

        [UsesCapabilities("clock")]
        public sealed class EarlyBird : ITicketPriceRule
        {
            public string Name => "Early bird";

            public PriceChange? Apply(TicketQuote quote)
                => quote.EventDate.DayNumber - PluginContext.Current.Require<IPluginClock>().Today.DayNumber > 30
                    ? new PriceChange(decimal.Round(quote.ListTotal * 0.15m, 2), "Early bird")
                    : null;
        }
        ```
        """;

    private readonly WebApplication _app;
    private readonly string _directory;

    private WebHostFixture(WebApplication app, string directory, ScriptedChatClient model, Uri address)
    {
        _app = app;
        _directory = directory;
        Model = model;
        Address = address;
    }

    public ScriptedChatClient Model { get; }

    public Uri Address { get; }

    public static async Task<WebHostFixture> StartAsync(Action<PersonalizationEndpointOptions>? endpoints = null, Action<PersonalizationOptions>? personalization = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pa-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var model = new ScriptedChatClient { Fallback = messages => messages.Any(m => m.Text.Contains("early bird", StringComparison.OrdinalIgnoreCase) && m.Role == Microsoft.Extensions.AI.ChatRole.User) ? ClockRuleSource : RuleSource };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddChatClient(model);
        builder.Services
            .AddPersonalization(o =>
            {
                o.StorePath = Path.Combine(directory, "store.db");
                o.VerifyCandidates = false;
                o.WarmUpCompiler = false;
                personalization?.Invoke(o);
            })
            .AddExtensionPoint<ITicketPriceRule>();
        builder.Services.AddPersonalizationOpenApi();
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("users", p => p.RequireAuthenticatedUser())
            .AddPolicy("admins", p => p.RequireRole("admin"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapPersonalization("/personalize", o =>
        {
            o.UserPolicy = "users";
            o.AdminPolicy = "admins";
            endpoints?.Invoke(o);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebHostFixture(app, directory, model, new Uri(address));
    }

    /// <summary>A client signed in as <paramref name="user"/> (an admin when <paramref name="admin"/>), or anonymous when null.</summary>
    public HttpClient Client(string? user, bool admin = false)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address, "/personalize/") };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-Test-User", user);
        }

        if (admin)
        {
            client.DefaultRequestHeaders.Add("X-Test-Roles", "admin");
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
