using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAPI document that describes <c>MapPersonalization</c>'s API.</summary>
public static class PersonalizationOpenApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds an OpenAPI document named <c>personalization</c> holding only PersonalApp's endpoints; serve it with
    /// <c>app.MapOpenApi()</c> at <c>/openapi/personalization.json</c>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddPersonalizationOpenApi(this IServiceCollection services)
        => services.AddOpenApi(PersonalizationEndpointRouteBuilderExtensions.GroupName, options =>
        {
            options.ShouldInclude = description => string.Equals(description.GroupName, PersonalizationEndpointRouteBuilderExtensions.GroupName, StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PersonalApp";
                document.Info.Description = "Ask for features, follow their stages, and approve them: PersonalApp's HTTP API.";
                return Task.CompletedTask;
            });
        });
}
