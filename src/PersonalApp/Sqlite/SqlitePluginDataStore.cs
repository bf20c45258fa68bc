using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>
/// The plugins' own data, in the catalog's database: one key-value space per plugin id and user, so it survives restarts
/// and new versions of the plugin. Quotas are checked in the same transaction as the write.
/// </summary>
internal sealed class SqlitePluginDataStore : IPluginDataStore
{
    private readonly SqlitePluginCatalog _store;

    public SqlitePluginDataStore(SqlitePluginCatalog store) => _store = store;

    public string? Get(string pluginId, string userId, string key)
    {
        using var connection = _store.OpenConnection();
        return SqliteCommands.Scalar(connection, null, "SELECT value FROM plugin_data WHERE plugin_id = $p AND user_id = $u AND key = $k",
            ("$p", pluginId), ("$u", userId), ("$k", key)) as string;
    }

    /// <summary>Writes a value if the quotas allow; returns what stood in the way, or <see langword="null"/> when written.</summary>
    public string? Set(string pluginId, string userId, string key, string value, StorageQuota quota, TimeSpan wait)
    {
        using var write = _store.BeginWrite(wait);
        var (connection, transaction) = write;
        var problem = CheckQuota(connection, transaction, pluginId, userId, key, value, quota);
        if (problem is not null)
        {
            return problem;
        }

        Upsert(connection, transaction, pluginId, userId, key, value);
        transaction.Commit();
        return null;
    }

    public bool Remove(string pluginId, string userId, string key, TimeSpan wait)
    {
        using var write = _store.BeginWrite(wait);
        using var command = SqliteCommands.Command(write.Connection, write.Transaction, "DELETE FROM plugin_data WHERE plugin_id = $p AND user_id = $u AND key = $k",
            ("$p", pluginId), ("$u", userId), ("$k", key));
        var removed = command.ExecuteNonQuery() > 0;
        write.Transaction.Commit();
        return removed;
    }

    /// <summary>Adds to a whole-number value in one transaction; returns the new value, or the problem (not a number, a quota).</summary>
    public (long Value, string? Problem) Increment(string pluginId, string userId, string key, long delta, StorageQuota quota, TimeSpan wait)
    {
        using var write = _store.BeginWrite(wait);
        var (connection, transaction) = write;
        var current = SqliteCommands.Scalar(connection, transaction, "SELECT value FROM plugin_data WHERE plugin_id = $p AND user_id = $u AND key = $k",
            ("$p", pluginId), ("$u", userId), ("$k", key)) as string;
        var (after, invalid) = StorageRules.Increment(current, key, delta);
        if (invalid is not null)
        {
            return (0, invalid);
        }

        var text = after.ToString(CultureInfo.InvariantCulture);
        var problem = CheckQuota(connection, transaction, pluginId, userId, key, text, quota);
        if (problem is not null)
        {
            return (0, problem);
        }

        Upsert(connection, transaction, pluginId, userId, key, text);
        transaction.Commit();
        return (after, null);
    }

    public IReadOnlyList<string> Keys(string pluginId, string userId, string prefix, int max)
    {
        using var connection = _store.OpenConnection();

        // substr instead of LIKE: a prefix may hold % and _.
        using var command = SqliteCommands.Command(connection, null,
            "SELECT key FROM plugin_data WHERE plugin_id = $p AND user_id = $u AND substr(key, 1, length($prefix)) = $prefix ORDER BY key LIMIT $max",
            ("$p", pluginId), ("$u", userId), ("$prefix", prefix), ("$max", max));
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        // SQLite orders by its BINARY collation (UTF-8 bytes); the contract promises ordinal (UTF-16) order.
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>How much one plugin keeps for one user: keys and bytes (UTF-8 of keys and values).</summary>
    public (int Keys, long Bytes) Size(string pluginId, string userId)
    {
        using var connection = _store.OpenConnection();
        using var command = SqliteCommands.Command(connection, null,
            "SELECT COUNT(*), COALESCE(SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0) FROM plugin_data WHERE plugin_id = $p AND user_id = $u",
            ("$p", pluginId), ("$u", userId));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    private static string? CheckQuota(SqliteConnection connection, SqliteTransaction transaction, string pluginId, string userId, string key, string value, StorageQuota quota)
    {
        if (StorageRules.ValueProblem(key, value, quota) is { } tooLarge)
        {
            return tooLarge;
        }

        using var command = SqliteCommands.Command(connection, transaction,
            "SELECT COUNT(*), COALESCE(SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0) FROM plugin_data WHERE plugin_id = $p AND user_id = $u AND key <> $k",
            ("$p", pluginId), ("$u", userId), ("$k", key));
        using var reader = command.ExecuteReader();
        reader.Read();
        var otherKeys = reader.GetInt32(0);
        var otherBytes = reader.GetInt64(1);
        return StorageRules.QuotaProblem(key, value, quota, otherKeys, otherBytes);
    }

    private void Upsert(SqliteConnection connection, SqliteTransaction transaction, string pluginId, string userId, string key, string value)
        => SqliteCommands.Execute(connection, transaction,
            "INSERT INTO plugin_data (plugin_id, user_id, key, value, updated_at) VALUES ($p, $u, $k, $v, $now) " +
            "ON CONFLICT (plugin_id, user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            ("$p", pluginId), ("$u", userId), ("$k", key), ("$v", value), ("$now", _store.Timestamp()));
}
