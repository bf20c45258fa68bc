using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PersonalApp.AspNetCore.Tests.TestUtilities;

/// <summary>Calls the API the way the UI does: JSON bodies, and the request stream read to its end.</summary>
internal static class ApiClientExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body)
        => client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    /// <summary>Asks for a feature and returns the Server-Sent Events as (event, data) pairs, in order.</summary>
    public static async Task<IReadOnlyList<(string Event, JsonElement Data)>> AskAsync(this HttpClient client, object body)
    {
        using var response = await client.PostJsonAsync("api/requests", body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = "message";
            var data = new StringBuilder();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line[5..].TrimStart());
                }
            }

            events.Add((name, JsonDocument.Parse(data.ToString()).RootElement.Clone()));
        }

        return events;
    }

    /// <summary>Asks for a feature and returns the result event's data.</summary>
    public static async Task<JsonElement> AskForResultAsync(this HttpClient client, object body)
        => (await client.AskAsync(body)).Single(e => e.Event == "result").Data;

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();
}
