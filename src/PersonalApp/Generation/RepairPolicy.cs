using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Generation;

/// <summary>
/// Decides what happens after a candidate is turned down: whether the model is asked again (within
/// <see cref="PersonalizationOptions.MaxRepairRounds"/>, and only while each round reduces the problems), and what it is
/// sent back (its answer and the problems, with line numbers).
/// </summary>
internal sealed class RepairPolicy
{
    private readonly PersonalizationOptions _options;
    private readonly PromptBuilder _prompts;

    public RepairPolicy(IOptions<PersonalizationOptions> options, PromptBuilder prompts)
    {
        _options = options.Value;
        _prompts = prompts;
    }

    /// <summary>
    /// The diagnostics to fail with when the loop must stop after <paramref name="round"/>, or <see langword="null"/> to
    /// ask the model again.
    /// </summary>
    public IReadOnlyList<PersonalizationDiagnostic>? StopAfter(int round, CandidateOutcome outcome, int previousScore)
    {
        var errors = outcome.Errors;
        if (round >= _options.MaxRepairRounds)
        {
            return [.. errors, PersonalizationDiagnostic.Error(
                DiagnosticIds.RepairGaveUp,
                $"The code still had {Count(outcome.Score, errors.Count)} problem(s) after {round} repair round(s) (PersonalizationOptions.MaxRepairRounds). Try describing the wish differently or more simply.")];
        }

        if (round > 0 && outcome.Score >= previousScore)
        {
            return [.. errors, PersonalizationDiagnostic.Error(
                DiagnosticIds.RepairNoProgress,
                $"Repair round {round} did not reduce the problems ({Describe(previousScore)} before, {Describe(outcome.Score)} now), so PersonalApp stopped early. Try describing the wish differently or more simply.")];
        }

        return null;
    }

    /// <summary>Adds the model's answer and the repair request to the conversation.</summary>
    public void AskAgain(IList<ChatMessage> messages, string answer, CandidateOutcome outcome, ExtensionPoint extensionPoint)
    {
        messages.Add(new ChatMessage(ChatRole.Assistant, Encoding.UTF8.GetByteCount(answer) <= _options.MaxAnswerBytes ? answer : $"(an answer of {answer.Length:N0} characters, too large to repeat)"));
        messages.Add(_prompts.Repair(outcome.Source, outcome.Errors, extensionPoint));
    }

    private static int Count(int score, int listed) => score == int.MaxValue ? listed : score;

    private static string Describe(int score) => score == int.MaxValue ? "unusable answer" : score.ToString(CultureInfo.InvariantCulture);
}
