namespace PersonalApp.SecurityTests.Contracts;

/// <summary>The plain-data input of an <see cref="IIsolatedProbe"/>.</summary>
/// <param name="Text">A text a probe may use.</param>
/// <param name="Number">A number a probe may use.</param>
public sealed record ProbeRequest(string Text, int Number);
