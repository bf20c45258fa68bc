namespace PersonalApp.ExtensionPoints;

/// <summary>A host's acceptance check for an extension point: a name and a predicate over the plugin.</summary>
/// <param name="Name">What the check says.</param>
/// <param name="Check">The predicate, over the plugin as its contract.</param>
internal sealed record AcceptanceCheck(string Name, Func<object, bool> Check);
