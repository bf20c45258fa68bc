namespace PersonalApp;

/// <summary>A user's wish for a feature, in their own words.</summary>
/// <param name="UserId">Who asks. The plugin will belong to them.</param>
/// <param name="Wish">What they want, for example "20% off for groups of more than ten on weekdays". At most 4,000 characters.</param>
public sealed record PersonalizationRequest(string UserId, string Wish)
{
    /// <summary>
    /// Gets the name of the extension point the wish is for. When <see langword="null"/>, PersonalApp chooses it from the
    /// wish (or takes the only one the host declared).
    /// </summary>
    public string? ExtensionPoint { get; init; }

    /// <summary>
    /// Gets the id of one of the user's plugins to change ("change it so that..."): the wish then produces that plugin's
    /// next version, written from its current source. When <see langword="null"/>, a new plugin is made.
    /// </summary>
    public string? PluginId { get; init; }

    /// <summary>
    /// Gets a value indicating whether an approved plugin that already answers the wish may be offered instead of writing a
    /// new one (default <see langword="true"/>). Set it to <see langword="false"/> when the user has seen the offer and still
    /// wants their own.
    /// </summary>
    public bool ReuseExisting { get; init; } = true;
}
