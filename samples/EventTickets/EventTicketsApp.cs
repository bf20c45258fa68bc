using EventTickets.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.AI;
using PersonalApp.Catalog;
using PersonalApp.Runtime;

namespace EventTickets;

/// <summary>Builds the EventTickets web app: demo sign-in, PersonalApp with two extension points, its web face, the price page.</summary>
internal static class EventTicketsApp
{
    public const string OrganizersPolicy = "EventTickets.Organizers";
    public const string ManagersPolicy = "EventTickets.Managers";
    private const string Csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <param name="args">Command-line arguments (for example <c>--urls</c>, <c>--EventTickets:DataDirectory</c>).</param>
    /// <param name="model">The model to use; by default one chosen from the environment (the offline demo model when none is set).</param>
    /// <param name="configure">Changes PersonalApp's options after the demo's (tests set budgets and verification here).</param>
    public static WebApplication Build(string[] args, IChatClient? model = null, Action<PersonalApp.PersonalizationOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        var (client, description) = model is null ? ModelSelection.FromEnvironment(Environment.GetEnvironmentVariable) : (model, "a model given by the caller");
        var dataDirectory = builder.Configuration["EventTickets:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "personalapp-eventtickets");
        Directory.CreateDirectory(dataDirectory);

        builder.Services.AddChatClient(client);
        builder.Services
            .AddPersonalization(options =>
            {
                options.StorePath = Path.Combine(dataDirectory, "eventtickets.db");
                configure?.Invoke(options);
            })
            .AddExtensionPoint<ITicketPriceRule>(ep => ep.AddExample(Examples.PriceRuleWish, Examples.PriceRuleSource))
            .AddExtensionPoint<IEventReport>(ep => ep.AddExample(Examples.ReportWish, Examples.ReportSource));
        builder.Services.AddPersonalizationOpenApi();
        builder.Services.AddSingleton<EventCatalog>();
        builder.Services.AddSingleton<PriceCalculator>();

        // DEMO ONLY: three users picked with one click (see DemoAuthenticationHandler).
        builder.Services.AddAuthentication(DemoAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DemoAuthenticationHandler>(DemoAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OrganizersPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(ManagersPolicy, p => p.RequireRole("manager"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapPersonalization("/personalize", o =>
        {
            o.UserPolicy = OrganizersPolicy;
            o.AdminPolicy = ManagersPolicy;
            o.Title = "EventTickets: my pricing rules";
        });

        app.MapGet("/", (HttpContext http, EventCatalog catalog, PriceCalculator calculator, string? @event, string? category, int? quantity) =>
            {
                var user = DemoUser.Find(http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value)!;
                var events = catalog.Events;
                var chosen = events.FirstOrDefault(e => e.Id == @event) ?? events[0];
                var cat = category is "student" or "vip" ? category : "standard";
                var count = Math.Clamp(quantity ?? 2, 1, 50);
                var unit = cat == "vip" ? chosen.UnitPrice * 2 : chosen.UnitPrice;
                var price = calculator.Price(user.Id, new TicketQuote(chosen.Name, chosen.Date, cat, count, unit));
                var reports = calculator.Reports(user.Id, PricePage.DemoSales(events));
                http.Response.Headers.ContentSecurityPolicy = Csp;
                return Results.Content(PricePage.Render(user, events, chosen, cat, count, price, reports, description), "text/html; charset=utf-8");
            })
            .RequireAuthorization(OrganizersPolicy);

        app.MapGet("/demo/sign-in", (HttpContext http, string? returnUrl) =>
        {
            http.Response.Headers.ContentSecurityPolicy = Csp;
            var current = DemoUser.Find(http.Request.Cookies[DemoAuthenticationHandler.CookieName]);
            return Results.Content(PricePage.SignIn(LocalOrRoot(returnUrl), current), "text/html; charset=utf-8");
        });

        app.MapPost("/demo/sign-in/{id}", (string id, string? returnUrl, HttpContext http) =>
        {
            // Refuse a sign-in posted from another site (the demo's only form without JSON).
            if (http.Request.Headers.Origin is [{ } origin] && !string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (DemoUser.Find(id) is null)
            {
                return Results.NotFound();
            }

            http.Response.Cookies.Append(DemoAuthenticationHandler.CookieName, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            return Results.Redirect(LocalOrRoot(returnUrl));
        });

        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("EventTickets is up: open {Address} (model: {Model}; data in {Data})", string.Join(", ", app.Urls), description, dataDirectory));
        return app;
    }

    private static string LocalOrRoot(string? url)
        => url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
