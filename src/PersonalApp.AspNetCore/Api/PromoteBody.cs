namespace PersonalApp.AspNetCore.Api;

/// <summary>Who gets a live plugin: <c>owner</c>, <c>everyone</c> or <c>group:name</c>.</summary>
internal sealed record PromoteBody(string? Audience = null, string? Reason = null);
