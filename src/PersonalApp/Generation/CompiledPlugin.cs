namespace PersonalApp.Generation;

/// <summary>An emitted plugin assembly: its image, symbols, hash and the class that implements the contract.</summary>
internal sealed record CompiledPlugin(string AssemblyName, string TypeName, byte[] Dll, byte[] Pdb, string Sha256)
{
    /// <summary>Gets the checks the model wrote beside the plugin (methods of a static "...Checks" class), by name.</summary>
    public IReadOnlyList<string> ModelChecks { get; init; } = [];
}
