using Microsoft.Data.Sqlite;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>
/// The plugins' own data, in the catalog's database: one key-value space per plugin id and user, so it survives restarts
/// and new versions of the plugin. Writes take the file's writer turn (<see cref="SqliteWriteQueue"/>); quotas are
/// checked in the same transaction as the write.
/// </summary>
internal sealed class SqlitePluginDataStore : PluginDataStore
{
    private const string Scope = "plugin_id = $p AND user_id = $u";

    private readonly SqlitePluginCatalog _store;

    public SqlitePluginDataStore(SqlitePluginCatalog store) => _store = store;

    public override string? Get(string pluginId, string userId, string key)
    {
        using var connection = _store.OpenConnection();
        return SqliteCommands.Scalar(connection, null, $"SELECT value FROM plugin_data WHERE {Scope} AND key = $k", ("$p", pluginId), ("$u", userId), ("$k", key)) as string;
    }

    public override IReadOnlyList<string> Keys(string pluginId, string userId, string prefix, int max)
    {
        using var connection = _store.OpenConnection();

        // substr instead of LIKE: a prefix may hold % and _.
        using var command = SqliteCommands.Command(connection, null,
            $"SELECT key FROM plugin_data WHERE {Scope} AND substr(key, 1, length($prefix)) = $prefix ORDER BY key LIMIT $max",
            ("$p", pluginId), ("$u", userId), ("$prefix", prefix), ("$max", max));
        return OrdinalKeys(command);
    }

    /// <summary>How much one plugin keeps for one user: keys and bytes (UTF-8 of keys and values).</summary>
    public override (int Keys, long Bytes) Size(string pluginId, string userId)
    {
        using var connection = _store.OpenConnection();
        return Measure(connection, null, pluginId, userId, except: null);
    }

    protected override PluginDataWrite BeginWrite(string pluginId, string userId, TimeSpan wait) => new Write(this, _store.BeginWrite(wait), pluginId, userId);

    private static (int Keys, long Bytes) Measure(SqliteConnection connection, SqliteTransaction? transaction, string pluginId, string userId, string? except)
    {
        using var command = SqliteCommands.Command(connection, transaction,
            $"SELECT COUNT(*), COALESCE(SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0) FROM plugin_data WHERE {Scope} AND ($k IS NULL OR key <> $k)",
            ("$p", pluginId), ("$u", userId), ("$k", except));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    /// <summary>One write in the file's writer turn.</summary>
    private sealed class Write(SqlitePluginDataStore store, SqliteWrite write, string pluginId, string userId) : PluginDataWrite
    {
        public override string? Read(string key)
            => SqliteCommands.Scalar(write.Connection, write.Transaction, $"SELECT value FROM plugin_data WHERE {Scope} AND key = $k", ("$p", pluginId), ("$u", userId), ("$k", key)) as string;

        public override (int Keys, long Bytes) MeasureOthers(string key) => Measure(write.Connection, write.Transaction, pluginId, userId, key);

        public override void Upsert(string key, string value)
            => SqliteCommands.Execute(write.Connection, write.Transaction,
                "INSERT INTO plugin_data (plugin_id, user_id, key, value, updated_at) VALUES ($p, $u, $k, $v, $now) " +
                "ON CONFLICT (plugin_id, user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                ("$p", pluginId), ("$u", userId), ("$k", key), ("$v", value), ("$now", store._store.Timestamp()));

        public override bool Delete(string key)
        {
            using var command = SqliteCommands.Command(write.Connection, write.Transaction, $"DELETE FROM plugin_data WHERE {Scope} AND key = $k", ("$p", pluginId), ("$u", userId), ("$k", key));
            return command.ExecuteNonQuery() > 0;
        }

        public override void Commit() => write.Transaction.Commit();

        public override void Dispose() => write.Dispose();
    }
}
