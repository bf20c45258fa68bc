namespace PersonalApp.Catalog;

/// <summary>Where an approved plugin runs.</summary>
public enum PluginPlacement
{
    /// <summary>In the host process, behind the sandbox's in-process layers: fastest, but not a security boundary.</summary>
    InProcess,

    /// <summary>In an isolated worker process with operating-system limits: the security boundary, at the cost of a process hop per call.</summary>
    Isolated,
}
