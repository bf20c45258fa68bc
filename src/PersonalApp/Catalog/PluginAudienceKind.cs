namespace PersonalApp.Catalog;

/// <summary>Who gets a plugin besides the user who asked for it.</summary>
public enum PluginAudienceKind
{
    /// <summary>Only its owner: a personal feature (the default).</summary>
    Owner,

    /// <summary>Every user.</summary>
    Everyone,

    /// <summary>The members of one named group, as the host's <see cref="IUserGroups"/> tells them.</summary>
    Group,
}
