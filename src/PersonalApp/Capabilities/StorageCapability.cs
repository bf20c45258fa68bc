using Microsoft.Data.Sqlite;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;

namespace PersonalApp.Capabilities;

/// <summary><see cref="IPluginStorage"/> over <see cref="IPluginDataStore"/>, scoped to one plugin id and one user, within quotas.</summary>
internal sealed class StorageCapability : CapabilityBase, IPluginStorage
{
    /// <summary>The longest key, in characters.</summary>
    public const int MaxKeyLength = 200;

    private readonly IPluginDataStore _data;
    private readonly StorageQuota _quota;

    public StorageCapability(PluginVersionKey plugin, string userId, IPluginDataStore data, StorageQuota quota, CapabilityUsageRecorder usage)
        : base(CapabilityNames.Storage, plugin, userId, usage)
    {
        _data = data;
        _quota = quota;
    }

    public string? Get(string key)
    {
        var value = Run(key, () => _data.Get(Plugin.PluginId, UserId, key));
        Used();
        return value;
    }

    public void Set(string key, string value)
    {
        if (value is null)
        {
            throw Refuse("IPluginStorage.Set was given a null value; use Remove to delete a key.");
        }

        var problem = Run(key, () => _data.Set(Plugin.PluginId, UserId, key, value, _quota));
        if (problem is not null)
        {
            throw Refuse($"Storage refused the write: {problem}.");
        }

        Used();
    }

    public bool Remove(string key)
    {
        var removed = Run(key, () => _data.Remove(Plugin.PluginId, UserId, key));
        Used();
        return removed;
    }

    public long Increment(string key, long delta = 1)
    {
        var (value, problem) = Run(key, () => _data.Increment(Plugin.PluginId, UserId, key, delta, _quota));
        if (problem is not null)
        {
            throw Refuse($"Storage refused the increment: {problem}.");
        }

        Used();
        return value;
    }

    public IReadOnlyList<string> Keys(string prefix = "")
    {
        EnsureInCall();
        prefix ??= string.Empty;
        try
        {
            var keys = _data.Keys(Plugin.PluginId, UserId, prefix, _quota.MaxKeys);
            Used();
            return keys;
        }
        catch (Exception ex) when (ex is SqliteException or PersonalizationException)
        {
            throw Refuse("The plugin storage could not be read: " + ex.Message, ex);
        }
    }

    protected override bool IsHeldBy(PluginContext context) => ReferenceEquals(context.Storage, this);

    private T Run<T>(string key, Func<T> action)
    {
        EnsureInCall();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw Refuse($"A storage key must have 1 to {MaxKeyLength} characters; '{(key is null ? "null" : key.Length > 40 ? key[..40] + "..." : key)}' has {key?.Length ?? 0}.");
        }

        try
        {
            return action();
        }
        catch (Exception ex) when (ex is SqliteException or PersonalizationException)
        {
            throw Refuse("The plugin storage could not be used: " + ex.Message, ex);
        }
    }
}
