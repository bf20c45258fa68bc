namespace PersonalApp.Catalog;

/// <summary>
/// Tells PersonalApp which groups a user belongs to, so plugins an admin promoted to a group reach its members.
/// Register your own (for example over your directory or roles) with <c>services.AddSingleton&lt;IUserGroups, MyGroups&gt;()</c>;
/// the default knows no groups. Called on every <see cref="IPersonalFeatures.GetAll{TContract}"/> while some plugin is
/// shared with a group, so keep it fast (cache what you look up).
/// </summary>
public interface IUserGroups
{
    /// <summary>Gets the names of the groups <paramref name="userId"/> belongs to.</summary>
    /// <param name="userId">The user.</param>
    /// <returns>The group names; empty when none.</returns>
    IReadOnlyCollection<string> GetGroups(string userId);
}
