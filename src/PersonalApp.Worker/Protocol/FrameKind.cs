namespace PersonalApp.Worker.Protocol;

/// <summary>What a frame of the call channel carries (<see cref="CallFrames"/>); any other value drops the connection.</summary>
public enum FrameKind : byte
{
    /// <summary>Worker to host, first frame: the secret that proves the connection is the worker's.</summary>
    Hello = 1,

    /// <summary>Host to worker: one call of a contract method.</summary>
    Call = 2,

    /// <summary>Worker to host: how the call in progress ended.</summary>
    Result = 3,
}
