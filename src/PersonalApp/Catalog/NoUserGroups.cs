namespace PersonalApp.Catalog;

/// <summary>The default <see cref="IUserGroups"/>: knows no groups, so plugins promoted to a group reach no one until the host registers its own.</summary>
internal sealed class NoUserGroups : IUserGroups
{
    public IReadOnlyCollection<string> GetGroups(string userId) => [];
}
