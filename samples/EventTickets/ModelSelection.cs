using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EventTickets;

/// <summary>Chooses the model from the environment: any OpenAI-compatible endpoint, or the offline demo model.</summary>
internal static class ModelSelection
{
    public const string EndpointVariable = "PERSONALAPP_OPENAI_ENDPOINT";
    public const string ModelVariable = "PERSONALAPP_MODEL";
    public const string KeyVariable = "PERSONALAPP_API_KEY";

    public static (IChatClient Client, string Description) FromEnvironment(Func<string, string?> environment)
    {
        if (environment(EndpointVariable) is not { Length: > 0 } endpoint)
        {
            return (FixtureAnswers.CreateChatClient(FixtureAnswers.DefaultDirectory), $"the offline demo model (set {EndpointVariable}, {ModelVariable} and {KeyVariable} to use a real one)");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{EndpointVariable} is '{endpoint}', which is not an http(s) URL. Set it to the endpoint's base URL, for example http://localhost:11434/v1.");
        }

        var model = environment(ModelVariable) is { Length: > 0 } m
            ? m
            : throw new ArgumentException($"{ModelVariable} is not set: name the model, for example 'gpt-4.1-mini' or 'qwen2.5-coder:7b'.");
        var key = environment(KeyVariable) is { Length: > 0 } k ? k : "no-key";
        var client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = uri }).GetChatClient(model).AsIChatClient();
        return (client, $"{model} at {uri} (OpenAI-compatible)");
    }
}
