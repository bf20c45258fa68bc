using Microsoft.Extensions.AI;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A hand-written embedding generator: a bag of words over a small kiosk vocabulary, so wishes that say the same thing
/// in other words point the same way and others do not. Counts its calls; can be told to fail.
/// </summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly string[][] Vocabulary =
    [
        ["group", "groups", "party", "parties"],
        ["ten", "10"],
        ["weekday", "weekdays", "working"],
        ["20", "twenty"],
        ["off", "discount", "cheaper"],
        ["senior", "seniors", "pensioners"],
        ["monday", "mondays"],
        ["report", "summary"],
        ["revenue", "takings", "sales"],
    ];

    public int Calls { get; private set; }

    public bool Fail { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Fail)
        {
            throw new HttpRequestException("the embedding endpoint is down");
        }

        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            var words = value.ToLowerInvariant().Split([' ', ',', '.', '%', '!'], StringSplitOptions.RemoveEmptyEntries);
            embeddings.Add(new Embedding<float>(Vocabulary.Select(synonyms => (float)words.Count(synonyms.Contains)).ToArray()));
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
