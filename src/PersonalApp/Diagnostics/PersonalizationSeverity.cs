namespace PersonalApp;

/// <summary>How serious a <see cref="PersonalizationDiagnostic"/> is.</summary>
public enum PersonalizationSeverity
{
    /// <summary>For information; nothing failed.</summary>
    Info,

    /// <summary>Something worth a look; nothing failed.</summary>
    Warning,

    /// <summary>The request or the call failed because of it.</summary>
    Error,
}
