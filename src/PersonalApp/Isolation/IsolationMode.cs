namespace PersonalApp.Isolation;

/// <summary>How the workers are confined on this machine.</summary>
public enum IsolationMode
{
    /// <summary>Under bubblewrap: new namespaces (no network), a read-only file system with only the worker's files, a cleared environment.</summary>
    Bubblewrap,

    /// <summary>A plain child process: a cleared environment and prlimit limits, but the host's file system and network are visible.</summary>
    PlainProcess,
}
