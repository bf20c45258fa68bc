using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp;
using PersonalApp.AspNetCore;
using PersonalApp.AspNetCore.Api;
using PersonalApp.AspNetCore.Ui;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps PersonalApp's HTTP API and UI into an ASP.NET Core app.</summary>
public static class PersonalizationEndpointRouteBuilderExtensions
{
    /// <summary>The OpenAPI tag (and endpoint group name) of every endpoint <c>MapPersonalization</c> maps.</summary>
    public const string GroupName = "personalization";

    /// <summary>
    /// Maps the JSON API under <c>{prefix}/api</c> (user endpoints behind <see cref="PersonalizationEndpointOptions.UserPolicy"/>,
    /// <c>{prefix}/api/admin</c> behind <see cref="PersonalizationEndpointOptions.AdminPolicy"/>) and the embedded UI under
    /// <c>{prefix}/ui/user</c> and <c>{prefix}/ui/admin</c>. Requires <c>AddPersonalization()</c>, authentication and authorization.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">Where to map, for example <c>"/personalize"</c>.</param>
    /// <param name="configure">Names the policies, how the user id is read, and whether admins may approve their own requests.</param>
    /// <returns>The group holding every endpoint, so the host can add its own conventions (rate limits, CORS, metadata).</returns>
    /// <exception cref="InvalidOperationException"><see cref="PersonalizationEndpointOptions.AdminPolicy"/> is not set.</exception>
    public static RouteGroupBuilder MapPersonalization(this IEndpointRouteBuilder endpoints, string prefix, Action<PersonalizationEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var options = new PersonalizationEndpointOptions();
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.AdminPolicy))
        {
            throw new InvalidOperationException("MapPersonalization needs PersonalizationEndpointOptions.AdminPolicy: name the authorization policy admins must meet (for example o.AdminPolicy = \"PersonalAppAdmin\"), so the approval endpoints are never open by accident.");
        }

        ArgumentNullException.ThrowIfNull(options.UserId, "options.UserId");
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } services && !services.IsService(typeof(IPersonalizer)))
        {
            throw new InvalidOperationException("MapPersonalization needs PersonalApp's services: call builder.Services.AddPersonalization(...) with at least one extension point before building the app.");
        }

        var root = endpoints.MapGroup(prefix).WithGroupName(GroupName).WithTags(GroupName);

        var user = root.MapGroup("/api");
        _ = options.UserPolicy is null ? user.RequireAuthorization() : user.RequireAuthorization(options.UserPolicy);
        UserEndpoints.Map(user, options);

        var admin = root.MapGroup("/api/admin").RequireAuthorization(options.AdminPolicy);
        AdminEndpoints.Map(admin, options);

        if (options.MapUi)
        {
            UiEndpoints.Map(root, options);
        }

        return root;
    }
}
