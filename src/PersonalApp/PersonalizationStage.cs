namespace PersonalApp;

/// <summary>The stages of a request, reported as they happen.</summary>
public enum PersonalizationStage
{
    /// <summary>The request is being checked (no model call yet).</summary>
    Validating,

    /// <summary>The model is writing the plugin.</summary>
    Generating,

    /// <summary>The code is being compiled.</summary>
    Compiling,

    /// <summary>The compiled candidate's checks (the host's and the model's) are running in an isolated worker.</summary>
    Verifying,

    /// <summary>The model is fixing the code, given the compiler's diagnostics; see <see cref="PersonalizationProgress.Round"/>.</summary>
    Repairing,

    /// <summary>The plugin is stored and waits for an admin.</summary>
    PendingApproval,

    /// <summary>The request failed; the result's diagnostics say why.</summary>
    Failed,

    /// <summary>An approved plugin already answers the wish and was offered instead of writing a new one (no model call).</summary>
    ExistingPluginOffered,
}
