namespace PersonalApp;

/// <summary>What became of a request.</summary>
public enum PersonalizationResultKind
{
    /// <summary>A new plugin version was made and waits for an admin's approval.</summary>
    PendingApproval,

    /// <summary>An approved plugin already answers the wish, so it was offered instead of spending tokens; see <see cref="PersonalizationResult.ReusedPlugin"/>.</summary>
    ExistingPluginOffered,

    /// <summary>The request failed or was refused; the diagnostics say why.</summary>
    Failed,
}
