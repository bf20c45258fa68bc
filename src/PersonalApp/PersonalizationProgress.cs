namespace PersonalApp;

/// <summary>A progress report for a request: where it is, for a UI to show.</summary>
/// <param name="Stage">The stage reached.</param>
/// <param name="Round">The repair round (1-based) while <see cref="PersonalizationStage.Repairing"/>; otherwise 0.</param>
/// <param name="Message">A short text for the user, for example "Repairing (round 2 of 3): 2 errors".</param>
public sealed record PersonalizationProgress(PersonalizationStage Stage, int Round, string Message);
