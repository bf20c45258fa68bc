namespace PersonalApp.Verification;

/// <summary>The result of one check run against a plugin version before approval.</summary>
/// <param name="Name">What the check checks, for example "a group of 12 on a Tuesday pays 80%".</param>
/// <param name="Kind">Whether the host or the model wrote it.</param>
/// <param name="Passed">Whether the version passed it.</param>
/// <param name="Message">Why it failed, or a note; <see langword="null"/> when there is nothing to say.</param>
/// <param name="Duration">How long it ran.</param>
public sealed record CheckResult(string Name, CheckKind Kind, bool Passed, string? Message, TimeSpan Duration);
