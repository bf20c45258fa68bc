using System.ClientModel;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace TicketKiosk;

/// <summary>
/// Chooses the model from the environment: an OpenAI-compatible endpoint (OpenAI, Azure, Ollama's /v1, llama.cpp
/// server, vLLM), or Ollama's own API; with neither, the built-in offline demo model.
/// </summary>
internal static class ModelSelection
{
    public const string EndpointVariable = "PERSONALAPP_OPENAI_ENDPOINT";
    public const string ModelVariable = "PERSONALAPP_MODEL";
    public const string KeyVariable = "PERSONALAPP_API_KEY";
    public const string OllamaVariable = "PERSONALAPP_OLLAMA_ENDPOINT";

    public static (IChatClient Client, string Description) FromEnvironment(Func<string, string?> environment)
    {
        var model = environment(ModelVariable);
        if (environment(EndpointVariable) is { Length: > 0 } endpoint)
        {
            var uri = Parse(endpoint, EndpointVariable);
            var name = Require(model, "an OpenAI-compatible endpoint");
            var key = environment(KeyVariable) is { Length: > 0 } k ? k : "no-key";
            var client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = uri })
                .GetChatClient(name)
                .AsIChatClient();
            return (client, $"{name} at {uri} (OpenAI-compatible)");
        }

        if (environment(OllamaVariable) is { Length: > 0 } ollama)
        {
            var uri = Parse(ollama, OllamaVariable);
            var name = Require(model, "Ollama");
            return (new OllamaApiClient(uri, name), $"{name} at {uri} (Ollama)");
        }

        return (OfflineDemoModel.Create(), $"the offline demo model (set {EndpointVariable} and {ModelVariable}, or {OllamaVariable} and {ModelVariable}, to use a real one)");
    }

    private static Uri Parse(string value, string variable)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{variable} is '{value}', which is not an http(s) URL. Set it to the endpoint's base URL, for example http://localhost:11434/v1.");

    private static string Require(string? model, string what)
        => model is { Length: > 0 }
            ? model
            : throw new ArgumentException($"{ModelVariable} is not set: name the model to use with {what}, for example 'qwen2.5-coder:7b' or 'gpt-4.1-mini'.");
}
