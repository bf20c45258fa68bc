using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventTickets;

/// <summary>
/// DEMO ONLY. Signs a visitor in as one of three demo users named in a plain cookie, so the demo can switch between
/// the organizer and the manager with one click. The cookie is not signed and carries no password: never use this
/// scheme in a real app; use ASP.NET Core's cookie or OpenID Connect authentication instead.
/// </summary>
internal sealed class DemoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EventTicketsDemo";
    public const string CookieName = "eventtickets-demo-user";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var id))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (DemoUser.Find(id) is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown demo user."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.DisplayName),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsApi())
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first", detail: "Sign in (demo: open /demo/sign-in) and try again.")
                .ExecuteAsync(Context).ConfigureAwait(false);
            return;
        }

        var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect("/demo/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed",
                detail: "Your account may not do this. (Demo: only the manager, Mandy, may open the approvals.)")
            .ExecuteAsync(Context);

    private bool IsApi() => Request.Path.StartsWithSegments("/personalize/api", StringComparison.Ordinal);
}
