using PersonalApp.Catalog;

namespace PersonalApp.Generation;

/// <summary>
/// What one model answer came to: a plugin that compiled and passed its checks, or the problems to send back.
/// </summary>
/// <param name="Source">The C# taken from the answer, or <see langword="null"/> when there was none to take.</param>
/// <param name="Plugin">The compiled plugin, when it compiled and passed every check.</param>
/// <param name="Verification">The checks that ran (empty when none did).</param>
/// <param name="Errors">What stops the candidate (empty when accepted).</param>
/// <param name="Score">The number of problems, for "did the repair help"; <see cref="int.MaxValue"/> for an unusable answer.</param>
internal sealed record CandidateOutcome(
    string? Source,
    CompiledPlugin? Plugin,
    IReadOnlyList<VerificationCheck> Verification,
    IReadOnlyList<PersonalizationDiagnostic> Errors,
    int Score)
{
    public bool Accepted => Plugin is not null && Errors.Count == 0;

    public static CandidateOutcome Passed(string source, CompiledPlugin plugin, IReadOnlyList<VerificationCheck> verification)
        => new(source, plugin, verification, [], 0);

    public static CandidateOutcome Unusable(IReadOnlyList<PersonalizationDiagnostic> errors) => new(null, null, [], errors, int.MaxValue);

    public static CandidateOutcome Failed(string source, IReadOnlyList<PersonalizationDiagnostic> errors, int count) => new(source, null, [], errors, count);
}
