using PersonalApp.Catalog;
using PersonalApp.Runtime;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>A host's group directory, hand-written: who is in which group, and how often PersonalApp asked.</summary>
internal sealed class FakeUserGroups : IUserGroups
{
    private readonly Dictionary<string, string[]> _groups = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    public FakeUserGroups With(string userId, params string[] groups)
    {
        _groups[userId] = groups;
        return this;
    }

    public IReadOnlyCollection<string> GetGroups(string userId)
    {
        Calls++;
        return _groups.GetValueOrDefault(userId) ?? [];
    }
}
