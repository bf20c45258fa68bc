namespace PersonalApp.Isolation;

/// <summary>Whether workers must, may or must not run under bubblewrap.</summary>
public enum SandboxRequirement
{
    /// <summary>Use bubblewrap when the machine has it (and it works); otherwise a plain child process with a cleared environment and prlimit limits.</summary>
    WhenAvailable,

    /// <summary>Refuse to start workers without bubblewrap.</summary>
    Required,

    /// <summary>Never use bubblewrap (a plain child process).</summary>
    Never,
}
