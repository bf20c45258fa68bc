using PersonalApp.Testing;

namespace TicketKiosk;

/// <summary>
/// The stand-in model for running the kiosk with no model configured: PersonalApp.Testing's
/// <see cref="ScriptedChatClient"/> with one canned answer per demo wish. The answers are real C# files
/// (<c>DemoAnswers/*.cs</c>, copied beside the app) and go through the same pipeline (extraction, compilation, checks,
/// approval, loading) as a real model's. Any other wish gets a plain answer saying what this model is and how to
/// configure a real one.
/// </summary>
internal static class OfflineDemoModel
{
    public const string ModelName = "offline-demo";

    /// <summary>The wishes the offline model answers (matched case-insensitively inside PersonalApp's prompt) and the file holding each answer.</summary>
    public static IReadOnlyList<(string Wish, string File)> Answers { get; } =
    [
        ("20% off for groups of more than ten on weekdays", "WeekdayGroupDiscount.cs"),
        ("make it 25% off", "WeekdayGroupDiscount25Percent.cs"),
        ("every third group today gets 10% off", "GroupCounter.cs"),
        ("a daily report of revenue and visitors", "DailyReport.cs"),
        ("the day's sales by hour as a table and a chart", "SalesByHour.cs"),
    ];

    public static ScriptedChatClient Create()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "DemoAnswers");
        var model = new ScriptedChatClient { ModelId = ModelName, Fallback = _ => Decline() };
        foreach (var (wish, file) in Answers)
        {
            var source = File.ReadAllText(Path.Combine(folder, file));
            var answer = "Here is the plugin.\n\n```csharp\n" + source + "```\n";
            model.When(message => message.Contains(wish, StringComparison.OrdinalIgnoreCase), answer, inputTokens: 1_500, outputTokens: answer.Length / 4);
        }

        return model;
    }

    internal static string Decline() =>
        "I am PersonalApp's offline demo model, not a real language model, so I cannot write that. " +
        $"Offline I can write only: {string.Join("; ", Answers.Select(a => $"\"{a.Wish}\""))}. To have any wish written, configure a model: set " +
        $"{ModelSelection.EndpointVariable} and {ModelSelection.ModelVariable} (and {ModelSelection.KeyVariable}) for an OpenAI-compatible endpoint, " +
        $"or {ModelSelection.OllamaVariable} and {ModelSelection.ModelVariable} for Ollama.";
}
