namespace PersonalApp.AspNetCore.Api;

/// <summary>One verification check run before approval.</summary>
internal sealed record CheckView(string Name, string Origin, bool Passed, string? Message, double Milliseconds);
