namespace PersonalApp.AspNetCore.Api;

/// <summary>A wish from the user: a new feature, or (with <see cref="PluginId"/>) the next version of one of theirs.</summary>
internal sealed record AskBody(string? Wish, string? ExtensionPoint = null, string? PluginId = null, bool? ReuseExisting = null);
