namespace PersonalApp.ExtensionPoints;

/// <summary>A worked example for an extension point: a wish and a plugin that fulfils it.</summary>
/// <param name="Wish">A wish as a user would type it.</param>
/// <param name="Source">A complete C# file implementing the contract for that wish.</param>
public sealed record ExtensionPointExample(string Wish, string Source);
