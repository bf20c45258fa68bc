using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// Reads a POST body, insisting on <c>Content-Type: application/json</c>. A cross-site HTML form cannot send that type
/// without a CORS preflight, so together with SameSite cookies this is the API's protection against cross-site requests.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType());
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body is null ? (null, Problems.Field("body", "Send a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Field(string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path.TrimStart('$', '.'), "This is not valid JSON for the call: " + ex.Message));
        }
    }
}
