using Microsoft.Extensions.AI;
using PersonalApp.Testing;

namespace EventTickets;

/// <summary>
/// The offline demo model: it knows a handful of wishes, each a real C# file under Fixtures/ whose first line is
/// <c>// wish: ...</c>. It answers with the file whose wish appears in the last user message (the longest wins; in a
/// repair round, whose last message holds only the errors, the earlier messages are searched), and
/// for any other wish says what it knows and how to configure a real model, which the pipeline reports as a refusal.
/// The chat client itself is PersonalApp.Testing's <see cref="ScriptedChatClient"/> with these answers as its fallback.
/// </summary>
internal sealed class FixtureAnswers
{
    public const string ModelName = "offline-demo";
    private const string WishPrefix = "// wish:";
    private const string RefusalStart = "I am the offline demo model";
    private readonly IReadOnlyList<(string Wish, string Source)> _fixtures;

    public FixtureAnswers(string directory)
    {
        _fixtures = [.. Directory.EnumerateFiles(directory, "*.cs")
            .Select(path => File.ReadAllText(path).ReplaceLineEndings("\n"))
            .Where(text => text.StartsWith(WishPrefix, StringComparison.Ordinal))
            .Select(text =>
            {
                var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
                return (Wish: text[WishPrefix.Length..firstLine].Trim(), Source: text[(firstLine + 1)..]);
            })
            .OrderByDescending(f => f.Wish.Length)];
    }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Gets the wishes the offline model knows, for the UI's hints and the docs.</summary>
    public IEnumerable<string> Wishes => _fixtures.Select(f => f.Wish);

    /// <summary>Answers a conversation: the fixture whose wish the last user message contains, in a C# fence.</summary>
    /// <param name="messages">The conversation the pipeline sent.</param>
    /// <returns>The answer's text.</returns>
    public string Answer(IEnumerable<ChatMessage> messages)
    {
        var conversation = messages.ToList();

        // A repair round after "I cannot write that" quotes that answer back: say it again rather than match it.
        var refusedBefore = conversation.Any(m => m.Text.Contains(RefusalStart, StringComparison.Ordinal) && m.Role != ChatRole.System);

        // The wish is in the last user message; a repair round's last message holds only the errors, so the first one counts then.
        var users = conversation.Where(m => m.Role == ChatRole.User).Select(m => m.Text).Reverse().ToList();
        foreach (var text in refusedBefore ? new List<string>() : users)
        {
            foreach (var (wish, source) in _fixtures)
            {
                if (text.Contains(wish, StringComparison.OrdinalIgnoreCase))
                {
                    return "```csharp\n" + source + "```";
                }
            }
        }

        return RefusalStart + ", so I can only write these: "
            + string.Join("; ", _fixtures.Select(f => $"\"{f.Wish}\""))
            + ". Set PERSONALAPP_OPENAI_ENDPOINT, PERSONALAPP_MODEL and PERSONALAPP_API_KEY to have any wish written.";
    }

    /// <summary>The offline demo model: a scripted chat client that answers every conversation with <see cref="Answer"/>.</summary>
    /// <param name="directory">The folder of fixture files.</param>
    /// <returns>The chat client.</returns>
    public static ScriptedChatClient CreateChatClient(string directory)
    {
        var answers = new FixtureAnswers(directory);
        return new ScriptedChatClient { Fallback = answers.Answer, ModelId = ModelName };
    }
}
