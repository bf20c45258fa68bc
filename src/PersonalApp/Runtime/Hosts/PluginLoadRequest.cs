using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Sandbox;

namespace PersonalApp.Runtime.Hosts;

/// <summary>A version that passed its integrity checks, with what a host needs to load it.</summary>
/// <param name="Version">The catalog's record of the version.</param>
/// <param name="ExtensionPoint">The extension point it implements, as declared now.</param>
/// <param name="Image">Its stored DLL and PDB, whose hash was checked.</param>
/// <param name="Limits">The limits its calls (and its constructor) run under.</param>
internal sealed record PluginLoadRequest(PluginVersionInfo Version, ExtensionPoint ExtensionPoint, PluginImage Image, SandboxLimits Limits)
{
    public Type ContractType => ExtensionPoint.ContractType;
}
