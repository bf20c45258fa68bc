using System.Globalization;

namespace PersonalApp;

/// <summary>
/// Keeps what a request says about a candidate small whatever the model wrote: at most <see cref="MaxDiagnostics"/>
/// diagnostics (then one that counts the rest), each quoting at most <see cref="MaxQuotedLength"/> characters of its
/// source line. One answer of 8,000 errors on one 56 KB line once cost gigabytes when every error quoted the whole line.
/// </summary>
internal static class DiagnosticCap
{
    public const int MaxDiagnostics = 30;

    public const int MaxQuotedLength = 200;

    public const int MaxMessageLength = 2_000;

    /// <summary>
    /// The first <see cref="MaxDiagnostics"/> of <paramref name="diagnostics"/>, shortened, and when there were more
    /// (<paramref name="total"/>, default the list's count) one more saying how many were left out.
    /// </summary>
    public static IReadOnlyList<PersonalizationDiagnostic> Cap(IReadOnlyList<PersonalizationDiagnostic> diagnostics, int? total = null)
    {
        var count = total ?? diagnostics.Count;
        var kept = new List<PersonalizationDiagnostic>(Math.Min(diagnostics.Count, MaxDiagnostics) + 1);
        foreach (var diagnostic in diagnostics.Take(MaxDiagnostics))
        {
            kept.Add(Shorten(diagnostic));
        }

        if (count > kept.Count)
        {
            var first = kept.Count > 0 ? kept[0] : null;
            kept.Add(new PersonalizationDiagnostic(
                first?.Id ?? DiagnosticIds.General,
                first?.Severity ?? PersonalizationSeverity.Error,
                string.Create(CultureInfo.InvariantCulture, $"... and {count - kept.Count:N0} more problem(s) like these, not listed. Fix the ones above first: they often cause the rest.")));
        }

        return kept;
    }

    /// <summary>The diagnostic with its message and quoted source line cut to a readable length.</summary>
    public static PersonalizationDiagnostic Shorten(PersonalizationDiagnostic diagnostic)
        => diagnostic.Message.Length <= MaxMessageLength && (diagnostic.SourceLine?.Length ?? 0) <= MaxQuotedLength
            ? diagnostic
            : diagnostic with { Message = Quote(diagnostic.Message, MaxMessageLength)!, SourceLine = Quote(diagnostic.SourceLine, MaxQuotedLength) };

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, with a mark where it was cut.</summary>
    public static string? Quote(string? text, int max = MaxQuotedLength)
        => text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max), " …");
}
