using PersonalApp.Catalog;

namespace PersonalApp.Runtime;

/// <summary>
/// The live plugins at one moment, oldest first, by owner and contract and by audience (<c>everyone</c>,
/// <c>group:name</c>) and contract. Immutable: built whole at each swap and replaced, so a lookup is one probe of one
/// snapshot and never sees a half-made change.
/// </summary>
internal sealed class LiveIndexSnapshot
{
    public static readonly LiveIndexSnapshot Empty = new([]);

    private readonly Dictionary<(string Owner, Type Contract), LoadedPlugin[]> _byUser;
    private readonly Dictionary<(string Audience, Type Contract), LoadedPlugin[]> _shared;

    public LiveIndexSnapshot(IEnumerable<LoadedPlugin> active)
    {
        var ordered = active
            .OrderBy(p => p.PluginCreatedAt)
            .ThenBy(p => p.Key.PluginId, StringComparer.Ordinal)
            .ToList();
        _byUser = ordered.GroupBy(p => (p.Owner, p.ContractType)).ToDictionary(g => g.Key, g => g.ToArray());
        _shared = ordered.Where(p => p.Audience.Kind != PluginAudienceKind.Owner)
            .GroupBy(p => (p.Audience.ToString(), p.ContractType))
            .ToDictionary(g => g.Key, g => g.ToArray());
        AnyShares = _shared.Count > 0;
        AnyGroupShares = ordered.Any(p => p.Audience.Kind == PluginAudienceKind.Group);
    }

    /// <summary>
    /// A snapshot like <paramref name="previous"/> with each pair's <c>Old</c> entry replaced by its <c>New</c> one (the
    /// same version loaded: same owner, contract, audience and place in the order) or taken out when <c>New</c> is
    /// <see langword="null"/>. A batch of loads then costs its users' lists, not a rebuild of the whole index.
    /// </summary>
    public LiveIndexSnapshot(LiveIndexSnapshot previous, IReadOnlyList<(LoadedPlugin Old, LoadedPlugin? New)> replaced)
    {
        _byUser = new(previous._byUser);
        _shared = new(previous._shared);
        foreach (var (old, next) in replaced)
        {
            Replace(_byUser, (old.Owner, old.ContractType), old, next);
            if (old.Audience.Kind != PluginAudienceKind.Owner)
            {
                Replace(_shared, (old.Audience.ToString(), old.ContractType), old, next);
            }
        }

        AnyShares = _shared.Count > 0;
        AnyGroupShares = previous.AnyGroupShares && _shared.Values.Any(list => list.Any(p => p.Audience.Kind == PluginAudienceKind.Group));
    }

    /// <summary>Gets a value indicating whether some plugin is shared beyond its owner.</summary>
    public bool AnyShares { get; }

    /// <summary>Gets a value indicating whether some plugin is shared with a group (only then are a user's groups asked for).</summary>
    public bool AnyGroupShares { get; }

    /// <summary>The user's own plugins of a contract, oldest first.</summary>
    public LoadedPlugin[] Owned(string userId, Type contract) => _byUser.GetValueOrDefault((userId, contract)) ?? [];

    /// <summary>The plugins of a contract shared with an audience (<c>everyone</c>, <c>group:name</c>), oldest first.</summary>
    public LoadedPlugin[] SharedWith(string audience, Type contract) => _shared.GetValueOrDefault((audience, contract)) ?? [];

    private static void Replace<TKey>(Dictionary<TKey, LoadedPlugin[]> index, TKey key, LoadedPlugin old, LoadedPlugin? next)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list) || Array.IndexOf(list, old) is var at && at < 0)
        {
            return;
        }

        if (next is not null)
        {
            var copy = (LoadedPlugin[])list.Clone();
            copy[at] = next;
            index[key] = copy;
        }
        else if (list.Length == 1)
        {
            index.Remove(key);
        }
        else
        {
            index[key] = [.. list[..at], .. list[(at + 1)..]];
        }
    }
}
