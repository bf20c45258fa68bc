using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;

namespace PersonalApp.Generation;

/// <summary>
/// Before a wish costs tokens: looks for an active plugin of the same extension point that already answers it. First
/// the same wish once normalized (case, punctuation, spacing); then, when the host registered an
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, the most similar wish above
/// <see cref="PersonalizationOptions.ReuseSimilarityThreshold"/>. Plugins the user already has come first.
/// </summary>
internal sealed partial class ReuseFinder
{
    private const int MaxCachedEmbeddings = 4_096;

    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly IPluginCatalog _store;
    private readonly IUserGroups _groups;
    private readonly PersonalizationOptions _options;
    private readonly ILogger<ReuseFinder> _logger;
    private readonly ConcurrentDictionary<string, float[]> _embeddings = new(StringComparer.Ordinal);

    public ReuseFinder(
        IPluginCatalog store,
        IUserGroups groups,
        IOptions<PersonalizationOptions> options,
        ILogger<ReuseFinder> logger,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        _embeddingGenerator = embeddingGenerator;
        _store = store;
        _groups = groups;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<ReuseMatch?> FindAsync(ExtensionPoint extensionPoint, string userId, string wish, CancellationToken cancellationToken)
    {
        var candidates = _store.List(PluginStatus.Active)
            .Where(v => string.Equals(v.ContractType, extensionPoint.ContractType.FullName, StringComparison.Ordinal))
            .Select(v => (Version: v, Audience: _store.GetAudience(v.Key.PluginId)))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        IReadOnlyCollection<string>? groups = null;
        bool Available((PluginVersionInfo Version, PluginAudience Audience) c)
            => string.Equals(c.Version.Owner, userId, StringComparison.Ordinal)
               || c.Audience.Kind == PluginAudienceKind.Everyone
               || (c.Audience.Kind == PluginAudienceKind.Group && (groups ??= _groups.GetGroups(userId)).Contains(c.Audience.GroupName!, StringComparer.Ordinal));

        var normalized = Normalize(wish);
        var exact = candidates
            .Where(c => Normalize(c.Version.Wish) == normalized)
            .OrderByDescending(Available)
            .ThenBy(c => c.Version.CreatedAt)
            .FirstOrDefault();
        if (exact.Version is not null)
        {
            return new ReuseMatch(exact.Version, Available(exact), "the same wish", 1.0);
        }

        if (_embeddingGenerator is not { } generator)
        {
            return null;
        }

        try
        {
            var wishes = candidates.Select(c => c.Version.Wish).Append(wish).Distinct(StringComparer.Ordinal).ToList();
            var missing = wishes.Where(w => !_embeddings.ContainsKey(w)).ToList();
            if (missing.Count > 0)
            {
                var generated = await generator.GenerateAsync(missing, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (_embeddings.Count + missing.Count > MaxCachedEmbeddings)
                {
                    _embeddings.Clear();
                }

                for (var i = 0; i < missing.Count && i < generated.Count; i++)
                {
                    _embeddings[missing[i]] = generated[i].Vector.ToArray();
                }
            }

            if (!_embeddings.TryGetValue(wish, out var target))
            {
                return null;
            }

            var best = candidates
                .Select(c => (Candidate: c, Similarity: _embeddings.TryGetValue(c.Version.Wish, out var v) && v.Length == target.Length ? Cosine(target, v) : -1))
                .Where(s => s.Similarity >= _options.ReuseSimilarityThreshold)
                .OrderByDescending(s => Available(s.Candidate))
                .ThenByDescending(s => s.Similarity)
                .FirstOrDefault();
            return best.Candidate.Version is null ? null : new ReuseMatch(best.Candidate.Version, Available(best.Candidate), "a similar wish", best.Similarity);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reuse is an economy, not a requirement: without embeddings the wish is simply written.
            LogEmbeddingFailed(ex.Message);
            return null;
        }
    }

    internal static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            normA += a[i] * (double)a[i];
            normB += b[i] * (double)b[i];
        }

        return normA == 0 || normB == 0 ? 0 : dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
    }

    /// <summary>The wish as compared: lower case, letters and digits only, "%" as "percent", single spaces.</summary>
    internal static string Normalize(string wish)
    {
        var text = new StringBuilder(wish.Length);
        var space = false;
        foreach (var c in wish.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(c);
                space = false;
            }
            else if (c == '%')
            {
                text.Append(text.Length > 0 ? " percent" : "percent");
                space = true;
            }
            else
            {
                space = true;
            }
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "The embedding generator failed, so no similar plugin was looked for: {Reason}")]
    private partial void LogEmbeddingFailed(string reason);
}
