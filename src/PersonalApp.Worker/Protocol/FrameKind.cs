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

    /// <summary>Worker to host, during a call: one capability call of the call in progress (a <see cref="CapabilityRequest"/> as UTF-8 JSON).</summary>
    Capability = 4,

    /// <summary>Host to worker: the answer to the worker's capability call (a <see cref="CapabilityResponse"/> as UTF-8 JSON).</summary>
    CapabilityAnswer = 5,
}
