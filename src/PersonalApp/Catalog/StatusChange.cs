namespace PersonalApp.Catalog;

/// <summary>One version moving from the status it was read with to another.</summary>
/// <param name="Key">The version.</param>
/// <param name="Expected">The status it must still have; otherwise the whole change is refused.</param>
/// <param name="To">Its new status.</param>
internal sealed record StatusChange(PluginVersionKey Key, PluginStatus Expected, PluginStatus To)
{
    /// <summary>Gets who decided, recorded on the version (a decision by a person or the system); <see langword="null"/> keeps the last.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Gets why, as they said.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>Gets the placement chosen at approval; <see langword="null"/> keeps the stored one.</summary>
    public PluginPlacement? Placement { get; init; }

    /// <summary>Gets the capabilities granted at approval; <see langword="null"/> keeps the stored grants.</summary>
    public IReadOnlyList<string>? GrantedCapabilities { get; init; }
}
