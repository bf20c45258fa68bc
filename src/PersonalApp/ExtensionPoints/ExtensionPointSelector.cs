using System.Text.RegularExpressions;

namespace PersonalApp.ExtensionPoints;

/// <summary>
/// Chooses the extension point a wish is about when the request names none and the host has several: the one whose
/// keywords and name the wish mentions most, if exactly one leads. No model call, so a wish it cannot place costs nothing.
/// </summary>
internal static partial class ExtensionPointSelector
{
    public static IReadOnlyList<ExtensionPoint> Choose(IReadOnlyList<ExtensionPoint> points, string wish)
    {
        if (points.Count <= 1)
        {
            return points;
        }

        var words = Words().Matches(wish.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var scored = points
            .Select(p => (Point: p, Score: p.Keywords.Concat(NameWords(p.Name)).Distinct().Count(k => words.Contains(k) || words.Contains(k + "s") || (k.EndsWith('s') && words.Contains(k[..^1])))))
            .OrderByDescending(s => s.Score)
            .ToList();
        var best = scored[0].Score;
        return best == 0 ? points : scored.Where(s => s.Score == best).Select(s => s.Point).ToList();
    }

    private static IEnumerable<string> NameWords(string name)
        => CamelParts().Matches(name).Select(m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Words();

    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CamelParts();
}
