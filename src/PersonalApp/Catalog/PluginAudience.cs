namespace PersonalApp.Catalog;

/// <summary>Who gets a plugin: its owner only, everyone, or a named group. Set by an admin with <see cref="IPluginApprovals.PromoteAsync"/>.</summary>
public sealed record PluginAudience
{
    private PluginAudience(PluginAudienceKind kind, string? group)
    {
        Kind = kind;
        GroupName = group;
    }

    /// <summary>Gets the audience of a personal plugin: its owner only.</summary>
    public static PluginAudience Owner { get; } = new(PluginAudienceKind.Owner, null);

    /// <summary>Gets the audience of a plugin shared with every user.</summary>
    public static PluginAudience Everyone { get; } = new(PluginAudienceKind.Everyone, null);

    /// <summary>Gets which kind of audience this is.</summary>
    public PluginAudienceKind Kind { get; }

    /// <summary>Gets the group's name when <see cref="Kind"/> is <see cref="PluginAudienceKind.Group"/>; otherwise <see langword="null"/>.</summary>
    public string? GroupName { get; }

    /// <summary>The audience of a plugin shared with the members of one group.</summary>
    /// <param name="name">The group's name, as the host's <see cref="IUserGroups"/> reports it.</param>
    /// <returns>The audience.</returns>
    public static PluginAudience Group(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new PluginAudience(PluginAudienceKind.Group, name.Trim());
    }

    /// <summary>Gets the audience as the store and the audit log write it: <c>owner</c>, <c>everyone</c> or <c>group:name</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Kind switch
    {
        PluginAudienceKind.Everyone => "everyone",
        PluginAudienceKind.Group => "group:" + GroupName,
        _ => "owner",
    };

    internal static PluginAudience Parse(string? text) => text switch
    {
        null or "" or "owner" => Owner,
        "everyone" => Everyone,
        _ when text.StartsWith("group:", StringComparison.Ordinal) && text.Length > 6 => Group(text[6..]),
        _ => Owner,
    };
}
