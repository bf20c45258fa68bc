namespace PersonalApp;

/// <summary>
/// Marks an interface in a host's contract assembly as a PersonalApp extension point and describes it
/// for the language model and for people choosing among extension points.
/// </summary>
/// <remarks>
/// The attribute is optional: a host can declare any interface with
/// <c>AddPersonalization().AddExtensionPoint&lt;TContract&gt;()</c> and describe it there instead.
/// When both give a description, the one given at registration wins.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class ExtensionPointAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="ExtensionPointAttribute"/> class.</summary>
    /// <param name="description">What plugins of this extension point do, in one or two sentences.</param>
    public ExtensionPointAttribute(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Description = description;
    }

    /// <summary>Gets what plugins of this extension point do, in one or two sentences.</summary>
    public string Description { get; }

    /// <summary>
    /// Gets or sets words that, found in a user's wish, point to this extension point
    /// (for example <c>"price discount group child"</c>), separated by spaces or commas.
    /// </summary>
    public string? Keywords { get; set; }
}
