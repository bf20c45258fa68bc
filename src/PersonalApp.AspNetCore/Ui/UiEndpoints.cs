using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PersonalApp.AspNetCore.Ui;

/// <summary>
/// Serves the embedded UI: two pages (the user's and the admin's, each behind its policy) and their static assets,
/// every response with the Content-Security-Policy. The pages hold no inline script or style.
/// </summary>
internal static class UiEndpoints
{
    private const string ResourcePrefix = "PersonalApp.AspNetCore.wwwroot.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Files = new(Load);

    public static void Map(RouteGroupBuilder root, PersonalizationEndpointOptions options)
    {
        root.MapGet("/", (HttpContext http) => Results.Redirect(http.Request.PathBase + http.Request.Path.Value!.TrimEnd('/') + "/ui/user"))
            .ExcludeFromDescription();

        var pages = root.MapGroup("/ui").ExcludeFromDescription();
        var user = pages.MapGet("/user", (HttpContext http) => Serve(http, "user.html", options));
        var admin = pages.MapGet("/admin", (HttpContext http) => Serve(http, "admin.html", options));
        if (options.UserPolicy is null)
        {
            user.RequireAuthorization();
        }
        else
        {
            user.RequireAuthorization(options.UserPolicy);
        }

        admin.RequireAuthorization(options.AdminPolicy!);

        // Scripts and styles are the same for everyone and hold no data, so they need no sign-in.
        pages.MapGet("/assets/{file}", (string file, HttpContext http) => Serve(http, file, options)).AllowAnonymous();
    }

    private static IResult Serve(HttpContext http, string file, PersonalizationEndpointOptions options)
    {
        if (!Files.Value.TryGetValue(file, out var bytes) || !ContentTypes.TryGetValue(Path.GetExtension(file), out var type))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = options.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(bytes, type);
    }

    private static Dictionary<string, byte[]> Load()
    {
        var assembly = typeof(UiEndpoints).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return files;
    }
}
