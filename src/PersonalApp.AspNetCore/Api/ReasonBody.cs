namespace PersonalApp.AspNetCore.Api;

/// <summary>A decision that needs only a reason: reject, roll back, revoke, turn off.</summary>
internal sealed record ReasonBody(string? Reason = null);
