namespace PersonalApp.Catalog;

/// <summary>
/// The data plugins keep through the storage capability, scoped per plugin and user, with quotas checked in the same
/// transaction as the write. SQLite is the embedded implementation; a fleet shares a server database.
/// </summary>
/// <remarks>
/// A write waits for the store at most <c>wait</c> (what is left of the plugin call it serves), then throws the store's
/// own exception (a <see cref="System.Data.Common.DbException"/>): the host's contention is the host's, never counted as
/// the plugin's fault, and never holds a call past its time limit.
/// </remarks>
internal interface IPluginDataStore
{
    /// <summary>The value of a key, or <see langword="null"/>.</summary>
    string? Get(string pluginId, string userId, string key);

    /// <summary>Sets a key; returns a problem (what quota it would break) instead of writing, or <see langword="null"/> when written.</summary>
    string? Set(string pluginId, string userId, string key, string value, StorageQuota quota, TimeSpan wait);

    /// <summary>Removes a key; <see langword="true"/> when it was there.</summary>
    bool Remove(string pluginId, string userId, string key, TimeSpan wait);

    /// <summary>Adds to a counter atomically; returns its new value, or a problem instead of writing.</summary>
    (long Value, string? Problem) Increment(string pluginId, string userId, string key, long delta, StorageQuota quota, TimeSpan wait);

    /// <summary>Up to <paramref name="max"/> keys that start with <paramref name="prefix"/>, in order.</summary>
    IReadOnlyList<string> Keys(string pluginId, string userId, string prefix, int max);

    /// <summary>How many keys and bytes a plugin keeps for a user.</summary>
    (int Keys, long Bytes) Size(string pluginId, string userId);
}
