using System.Text.Json;

namespace PersonalApp.Worker.Protocol;

/// <summary>The names of the worker's RPC methods, shared by the engine and the worker.</summary>
public static class WorkerMethods
{
    /// <summary>Returns <see cref="WorkerHello"/>.</summary>
    public const string Hello = "hello";

    /// <summary>Takes a <see cref="LoadRequest"/>, returns a <see cref="CallResult"/> (the constructor's outcome).</summary>
    public const string Load = "load";

    /// <summary>
    /// Takes the path of a Unix socket and a secret (base64); the worker connects to the socket, presents the secret and
    /// then serves plugin calls over it (<see cref="CallFrames"/>). Returns true once connected.
    /// </summary>
    public const string Connect = "connect";

    /// <summary>Takes a plugin key; unloads it.</summary>
    public const string Unload = "unload";

    /// <summary>Takes a plugin key; runs the model-written checks in its assembly; returns a <see cref="ChecksResult"/>.</summary>
    public const string Checks = "checks";
}

/// <summary>What a worker says about itself when it starts.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Runtime">The .NET runtime it runs on.</param>
/// <param name="HeapHardLimit">The memory the GC may use, in bytes: the heap cap when one is in force.</param>
/// <param name="CanSeeEnvironment">The number of environment variables it can see (a cleared environment has only a few).</param>
public sealed record WorkerHello(int ProcessId, string Runtime, long HeapHardLimit, int CanSeeEnvironment);

/// <summary>Limits of one call, as the worker's guards apply them.</summary>
/// <param name="TimeoutMilliseconds">Wall-clock time.</param>
/// <param name="MaxOperations">Guarded operations.</param>
/// <param name="MaxAllocatedBytes">Bytes allocated.</param>
/// <param name="MaxStackBytes">Stack used.</param>
/// <param name="MaxRegexTimeoutMilliseconds">The longest regex match timeout.</param>
public sealed record CallLimits(double TimeoutMilliseconds, long MaxOperations, long MaxAllocatedBytes, int MaxStackBytes, double MaxRegexTimeoutMilliseconds);

/// <summary>Asks the worker to load a plugin version.</summary>
/// <param name="Key">The plugin version's key, as text (<c>id v2</c>).</param>
/// <param name="Image">The plugin DLL.</param>
/// <param name="TypeName">The implementing type, as reflection names it.</param>
/// <param name="ContractType">The contract interface's full name.</param>
/// <param name="ContractAssemblies">Paths of the contract assembly and its non-framework references, readable inside the sandbox.</param>
/// <param name="Limits">The limits of the constructor and of every call.</param>
public sealed record LoadRequest(string Key, byte[] Image, string TypeName, string ContractType, IReadOnlyList<string> ContractAssemblies, CallLimits Limits);

/// <summary>How a call in the worker ended.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Result">The result, as JSON, when the call completed.</param>
/// <param name="Message">What happened, when it did not.</param>
public sealed record CallResult(CallOutcome Outcome, JsonElement? Result, string? Message)
{
    /// <summary>Gets a value indicating whether the call completed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCompleted => Outcome == CallOutcome.Completed;

    /// <summary>
    /// Gets a value indicating whether the call did not run because its worker was lost to something else (another
    /// plugin's crash or deadline): not the plugin's fault, so it does not count toward disabling it. Set by the engine
    /// only; never read from the wire, so a worker cannot claim it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool WorkerLost { get; init; }

    /// <summary>A completed call without a result (a load).</summary>
    public static CallResult Completed { get; } = new(CallOutcome.Completed, null, null);
}

/// <summary>One model-written check run in the worker.</summary>
/// <param name="Name">The check's method name.</param>
/// <param name="Passed">Whether it returned true.</param>
/// <param name="Message">What happened when it did not pass.</param>
/// <param name="Milliseconds">How long it took.</param>
public sealed record CheckOutcome(string Name, bool Passed, string? Message, double Milliseconds);

/// <summary>The model-written checks of a plugin, as the worker ran them.</summary>
/// <param name="Checks">Each check's outcome.</param>
public sealed record ChecksResult(IReadOnlyList<CheckOutcome> Checks);
