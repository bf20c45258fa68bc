using System.Security.Claims;

namespace PersonalApp.AspNetCore;

/// <summary>
/// How <c>MapPersonalization</c> fits into the host: which authorization policies guard the user's and the admin's
/// endpoints, and how a user id is read from the signed-in principal.
/// </summary>
public sealed class PersonalizationEndpointOptions
{
    /// <summary>
    /// Gets or sets the name of the ASP.NET Core authorization policy a caller must meet to ask for features and see
    /// their own. When <see langword="null"/>, the host's default policy applies (an authenticated user).
    /// </summary>
    public string? UserPolicy { get; set; }

    /// <summary>
    /// Gets or sets the name of the authorization policy a caller must meet to read approval packets and decide on them.
    /// Required: mapping fails when it is not set, so the admin endpoints are never open by accident.
    /// </summary>
    public string? AdminPolicy { get; set; }

    /// <summary>
    /// Gets or sets how the user id is read from the principal. The default reads <see cref="ClaimTypes.NameIdentifier"/>.
    /// A principal without one is refused (403).
    /// </summary>
    public Func<ClaimsPrincipal, string?> UserId { get; set; } = static user => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>
    /// Gets or sets a value indicating whether an admin may approve a version they asked for themselves. Off by default:
    /// a second person reads every packet.
    /// </summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>Gets or sets a value indicating whether the embedded UI pages are mapped (default <see langword="true"/>).</summary>
    public bool MapUi { get; set; } = true;

    /// <summary>Gets or sets the title shown on the UI pages.</summary>
    public string Title { get; set; } = "Personal features";

    /// <summary>
    /// Gets or sets the Content-Security-Policy sent with the UI. The default allows only the UI's own scripts, styles
    /// and API calls: no inline script, no other origin.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}
