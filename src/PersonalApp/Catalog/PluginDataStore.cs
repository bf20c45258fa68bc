using System.Globalization;

namespace PersonalApp.Catalog;

/// <summary>
/// What every plugin data store does the same way: a write checks the quotas (<see cref="StorageRules"/>) and writes in
/// one <see cref="PluginDataWrite"/>, so the check and the write cannot interleave with another writer's. A store
/// supplies the reads and the write unit over its own database.
/// </summary>
internal abstract class PluginDataStore : IPluginDataStore
{
    public abstract string? Get(string pluginId, string userId, string key);

    public abstract IReadOnlyList<string> Keys(string pluginId, string userId, string prefix, int max);

    public abstract (int Keys, long Bytes) Size(string pluginId, string userId);

    /// <summary>Writes a value if the quotas allow; returns what stood in the way, or <see langword="null"/> when written.</summary>
    public string? Set(string pluginId, string userId, string key, string value, StorageQuota quota, TimeSpan wait)
    {
        using var write = BeginWrite(pluginId, userId, wait);
        if (QuotaProblem(write, key, value, quota) is { } problem)
        {
            return problem;
        }

        write.Upsert(key, value);
        write.Commit();
        return null;
    }

    public bool Remove(string pluginId, string userId, string key, TimeSpan wait)
    {
        using var write = BeginWrite(pluginId, userId, wait);
        var removed = write.Delete(key);
        write.Commit();
        return removed;
    }

    /// <summary>Adds to a whole-number value in one write; returns the new value, or the problem (not a number, a quota).</summary>
    public (long Value, string? Problem) Increment(string pluginId, string userId, string key, long delta, StorageQuota quota, TimeSpan wait)
    {
        using var write = BeginWrite(pluginId, userId, wait);
        var (after, invalid) = StorageRules.Increment(write.Read(key), key, delta);
        if (invalid is not null)
        {
            return (0, invalid);
        }

        var text = after.ToString(CultureInfo.InvariantCulture);
        if (QuotaProblem(write, key, text, quota) is { } problem)
        {
            return (0, problem);
        }

        write.Upsert(key, text);
        write.Commit();
        return (after, null);
    }

    /// <summary>Begins a write to one plugin's data for one user, waiting for the store at most <paramref name="wait"/>.</summary>
    protected abstract PluginDataWrite BeginWrite(string pluginId, string userId, TimeSpan wait);

    /// <summary>
    /// Reads a key listing's first column. A database orders by its bytes (UTF-8); the contract promises ordinal
    /// (UTF-16) order, which differs only for characters outside the BMP, so the keys are sorted again here.
    /// </summary>
    protected static IReadOnlyList<string> OrdinalKeys(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static string? QuotaProblem(PluginDataWrite write, string key, string value, StorageQuota quota)
    {
        if (StorageRules.ValueProblem(key, value, quota) is { } tooLarge)
        {
            return tooLarge;
        }

        var (otherKeys, otherBytes) = write.MeasureOthers(key);
        return StorageRules.QuotaProblem(key, value, quota, otherKeys, otherBytes);
    }
}
