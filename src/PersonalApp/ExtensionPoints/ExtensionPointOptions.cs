namespace PersonalApp.ExtensionPoints;

/// <summary>How a host describes one extension point when it declares it.</summary>
public class ExtensionPointOptions
{
    private readonly List<ExtensionPointExample> _examples = [];
    private readonly List<AcceptanceCheck> _checks = [];

    internal IReadOnlyList<AcceptanceCheck> AcceptanceChecks => _checks;

    internal void AddCheck(AcceptanceCheck check) => _checks.Add(check);

    /// <summary>
    /// Gets or sets the name users and admins see and requests use, unique in the host.
    /// Defaults to the interface's name without the leading <c>I</c> (for example <c>TicketPricingRule</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets what plugins of this extension point do. Defaults to the interface's
    /// <see cref="ExtensionPointAttribute"/> description, then to its XML documentation summary.
    /// </summary>
    public string? Description { get; set; }

    /// <summary>Gets words that, found in a wish, point to this extension point when the host has several.</summary>
    public IList<string> Keywords { get; } = [];

    /// <summary>
    /// Gets or sets the limits of each call into this extension point's plugins, or <see langword="null"/> (the default)
    /// to use <c>PersonalizationOptions.Sandbox.Limits</c>.
    /// </summary>
    public Sandbox.SandboxLimits? Limits { get; set; }

    /// <summary>Gets the worked examples shown to the model: a wish and a plugin that fulfils it.</summary>
    public IReadOnlyList<ExtensionPointExample> Examples => _examples;

    /// <summary>Adds a worked example: a wish and the C# source of a plugin that fulfils it.</summary>
    /// <param name="wish">A wish as a user would type it.</param>
    /// <param name="source">A complete C# file implementing the contract for that wish.</param>
    /// <returns>The same options, for chaining.</returns>
    public ExtensionPointOptions AddExample(string wish, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wish);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        _examples.Add(new ExtensionPointExample(wish, source));
        return this;
    }
}
