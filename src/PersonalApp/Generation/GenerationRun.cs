using Microsoft.Extensions.AI;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Generation;

/// <summary>The state of one request as it goes through the rounds: what the model wrote last, what it cost, what went wrong.</summary>
internal sealed class GenerationRun(string requestId, string pluginId, PersonalizationRequest request, ExtensionPoint extensionPoint, string? previousSource)
{
    public string RequestId { get; } = requestId;

    public string PluginId { get; } = pluginId;

    public PersonalizationRequest Request { get; } = request;

    public ExtensionPoint ExtensionPoint { get; } = extensionPoint;

    /// <summary>Gets the current source of the plugin being changed, or <see langword="null"/> for a new plugin.</summary>
    public string? PreviousSource { get; } = previousSource;

    public string? LastSource { get; set; }

    public IReadOnlyList<PersonalizationDiagnostic> LastErrors { get; private set; } = [];

    /// <summary>Gets the problems of earlier rounds, as information, kept with the version or the failed request.</summary>
    public List<PersonalizationDiagnostic> History { get; } = [];

    public int RepairRounds { get; set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long TokensUsed => InputTokens + OutputTokens;

    public string? ModelId { get; private set; }

    public void Record(ChatResponse response, IChatClient chat, string? configuredModel)
    {
        InputTokens += response.Usage?.InputTokenCount ?? 0;
        OutputTokens += response.Usage?.OutputTokenCount ?? 0;
        PersonalAppTelemetry.Tokens.Add(response.Usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("kind", "input"));
        PersonalAppTelemetry.Tokens.Add(response.Usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("kind", "output"));
        ModelId = response.ModelId ?? configuredModel ?? chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? ModelId;
    }

    /// <summary>Records a round's problems: the latest for the next repair prompt, and all of them as history.</summary>
    public void RecordProblems(int round, IReadOnlyList<PersonalizationDiagnostic> errors)
    {
        LastErrors = errors;
        History.AddRange(errors.Select(e => e with { Severity = PersonalizationSeverity.Info, Message = $"Round {round}: {e.Message}" }));
    }
}
