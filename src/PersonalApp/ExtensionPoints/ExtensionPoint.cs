namespace PersonalApp.ExtensionPoints;

/// <summary>An extension point the host has declared: a contract interface that generated plugins implement.</summary>
public sealed class ExtensionPoint
{
    internal ExtensionPoint(
        string name,
        Type contractType,
        string description,
        IReadOnlyList<string> keywords,
        IReadOnlyList<ExtensionPointExample> examples,
        string contractText,
        Sandbox.SandboxLimits? limits,
        string? isolationProblem,
        IReadOnlyList<AcceptanceCheck> acceptanceChecks)
    {
        AcceptanceChecks = acceptanceChecks;
        Limits = limits;
        IsolationProblem = isolationProblem;
        Name = name;
        ContractType = contractType;
        Description = description;
        Keywords = keywords;
        Examples = examples;
        ContractText = contractText;
    }

    /// <summary>Gets the name requests use to pick this extension point.</summary>
    public string Name { get; }

    /// <summary>Gets the contract interface plugins implement.</summary>
    public Type ContractType { get; }

    /// <summary>Gets what plugins of this extension point do.</summary>
    public string Description { get; }

    /// <summary>Gets the words that point a wish to this extension point.</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Gets the worked examples shown to the model.</summary>
    public IReadOnlyList<ExtensionPointExample> Examples { get; }

    /// <summary>
    /// Gets the contract as the model sees it: C# declarations of the interface and of the contract-assembly types it uses,
    /// with their XML documentation, derived from the compiled contract.
    /// </summary>
    public string ContractText { get; }

    /// <summary>Gets the host's acceptance checks, run against every candidate before it can be approved.</summary>
    internal IReadOnlyList<AcceptanceCheck> AcceptanceChecks { get; }

    /// <summary>Gets a value indicating whether plugins of this extension point can run in an isolated worker (their contract takes and returns plain data).</summary>
    public bool CanRunIsolated => IsolationProblem is null;

    /// <summary>Gets why plugins of this extension point cannot run isolated, or null when they can.</summary>
    public string? IsolationProblem { get; }

    /// <summary>Gets the limits set for this extension point, or <see langword="null"/> to use the sandbox's defaults.</summary>
    public Sandbox.SandboxLimits? Limits { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({ContractType.FullName})";
}
