namespace PersonalApp.Catalog;

/// <summary>What an admin reads about one plugin version before deciding, and what the store keeps of it.</summary>
public sealed record PluginVersionInfo
{
    /// <summary>Gets which plugin and version this is.</summary>
    public required PluginVersionKey Key { get; init; }

    /// <summary>Gets the id of the request that produced this version.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the name of the extension point the plugin implements.</summary>
    public required string ExtensionPoint { get; init; }

    /// <summary>Gets the full name of the contract interface.</summary>
    public required string ContractType { get; init; }

    /// <summary>Gets the user who asked for it and owns it.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the user's wish, verbatim.</summary>
    public required string Wish { get; init; }

    /// <summary>Gets where the version stands.</summary>
    public required PluginStatus Status { get; init; }

    /// <summary>Gets the generated C# source.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the SHA-256 of the DLL, as lower-case hex: what an approval approves.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Gets the full name of the class that implements the contract.</summary>
    public required string TypeName { get; init; }

    /// <summary>Gets the model that wrote it, when the chat client said.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the number of repair rounds it took (0 when the first answer compiled).</summary>
    public int RepairRounds { get; init; }

    /// <summary>Gets the input tokens spent on it, over every round.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens spent on it, over every round.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets what the pipeline noted on the way (for example the errors repaired in earlier rounds).</summary>
    public IReadOnlyList<PersonalizationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Gets when the version was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when its status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets who made the last decision on it (approve, reject, revoke), if anyone.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Gets why, as they said.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>Gets the checks run against the version before it was stored (host acceptance checks and the model's checks).</summary>
    public IReadOnlyList<VerificationCheck> Verification { get; init; } = [];

    /// <summary>Gets where the version runs once approved (chosen at approval); <see langword="null"/> before.</summary>
    public PluginPlacement? Placement { get; init; }
    /// <summary>Gets the capabilities the plugin's manifest asks for (checked against its code), for example <c>storage</c>.</summary>
    public IReadOnlyList<string> RequestedCapabilities { get; init; } = [];

    /// <summary>Gets the capabilities the admin granted when approving it; any other is absent at run time.</summary>
    public IReadOnlyList<string> GrantedCapabilities { get; init; } = [];

    /// <summary>Gets the APIs the code uses, grouped by namespace, as the sandbox policy's analysis found them.</summary>
    public IReadOnlyList<ApiUsage> ApisUsed { get; init; } = [];

    /// <summary>Gets the fingerprint of the host assemblies the version was last compiled and checked against.</summary>
    internal string? ContractFingerprint { get; init; }

    /// <summary>Gets the name of the version's assembly.</summary>
    internal string AssemblyName { get; init; } = string.Empty;
}
