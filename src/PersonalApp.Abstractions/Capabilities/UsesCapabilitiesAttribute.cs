namespace PersonalApp.Capabilities;

/// <summary>
/// The plugin's manifest: the capabilities its class uses, declared on the class that implements the contract, for
/// example <c>[UsesCapabilities(CapabilityNames.Storage)]</c>. PersonalApp checks the declaration against what the code
/// actually uses before anyone sees it; the admin then grants some or all of them at approval.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class UsesCapabilitiesAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="UsesCapabilitiesAttribute"/> class.</summary>
    /// <param name="capabilities">The capabilities the class uses: names from <see cref="CapabilityNames"/>.</param>
    public UsesCapabilitiesAttribute(params string[] capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        Capabilities = [.. capabilities];
    }

    /// <summary>Gets the capabilities the class uses.</summary>
    public IReadOnlyList<string> Capabilities { get; }
}
