namespace PersonalApp.AspNetCore.Api;

/// <summary>Something a user can ask for, in plain words: an extension point with its description and example wishes.</summary>
internal sealed record ExtensionPointView(string Name, string Description, IReadOnlyList<string> Examples);
