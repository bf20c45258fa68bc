using PersonalApp.Approvals;

namespace PersonalApp.Catalog;

/// <summary>An emitted plugin assembly: its image, symbols, hash and the class that implements the contract.</summary>
internal sealed record CompiledPlugin(string AssemblyName, string TypeName, byte[] Dll, byte[] Pdb, string Sha256)
{
    /// <summary>Gets the checks the model wrote beside the plugin (methods of a static "...Checks" class), by name.</summary>
    public IReadOnlyList<string> ModelChecks { get; init; } = [];
    /// <summary>Gets the capabilities its manifest declares (checked against what the code uses).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the APIs its code uses, grouped by namespace.</summary>
    public IReadOnlyList<ApiUsage> Apis { get; init; } = [];
}
