namespace PersonalApp.AspNetCore.Api;

/// <summary>An admin's approval: why, which capabilities are granted, and where the version runs (<c>InProcess</c> or <c>Isolated</c>).</summary>
internal sealed record DecisionBody(string? Reason = null, IReadOnlyList<string>? GrantedCapabilities = null, string? Placement = null);
