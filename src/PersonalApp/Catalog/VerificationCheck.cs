namespace PersonalApp.Catalog;

/// <summary>One check run against a candidate plugin before approval, in an isolated worker.</summary>
/// <param name="Name">What the check says (the host's name, or the model's method name).</param>
/// <param name="Origin">Who wrote it.</param>
/// <param name="Passed">Whether the candidate passed it.</param>
/// <param name="Message">What happened when it did not pass.</param>
/// <param name="Milliseconds">How long it took.</param>
public sealed record VerificationCheck(string Name, CheckOrigin Origin, bool Passed, string? Message, double Milliseconds);
