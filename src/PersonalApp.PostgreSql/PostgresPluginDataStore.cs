using System.Globalization;
using Npgsql;
using PersonalApp.Catalog;

namespace PersonalApp.PostgreSql;

/// <summary>
/// The plugins' own data in the shared catalog: one key-value space per plugin and user, the same on every node. Each
/// write takes a transaction-scoped advisory lock on its (plugin, user), so the quota check and the write are one step
/// even when two nodes write for the same user at once, and Increment never loses an addition.
/// </summary>
internal sealed class PostgresPluginDataStore : PluginDataStore
{
    private readonly PostgresCatalogDatabase _db;

    public PostgresPluginDataStore(PostgresCatalogDatabase db) => _db = db;

    public override string? Get(string pluginId, string userId, string key)
    {
        using var connection = _db.Open();
        return PostgresCommands.Scalar(connection, null, _db.Sql("SELECT value FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
            ("p", pluginId), ("u", userId), ("k", key)) as string;
    }

    public override IReadOnlyList<string> Keys(string pluginId, string userId, string prefix, int max)
    {
        using var connection = _db.Open();

        // left() instead of LIKE: a prefix may hold % and _. The C collation orders by bytes, as SQLite does.
        using var command = PostgresCommands.Command(connection, null,
            _db.Sql("SELECT key FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND left(key, length(@prefix)) = @prefix ORDER BY key COLLATE \"C\" LIMIT @max"),
            ("p", pluginId), ("u", userId), ("prefix", prefix), ("max", max));
        return OrdinalKeys(command);
    }

    public override (int Keys, long Bytes) Size(string pluginId, string userId)
    {
        using var connection = _db.Open();
        return Measure(connection, null, pluginId, userId, except: null);
    }

    /// <summary>The name of the advisory lock on one plugin's data for one user (the plugin id's length keeps ids with ':' apart).</summary>
    internal static string LockKey(string schema, string pluginId, string userId)
        => $"personalapp.data:{schema}:{pluginId.Length.ToString(CultureInfo.InvariantCulture)}:{pluginId}:{userId}";

    /// <summary>
    /// Begins a transaction that holds the (plugin, user) write lock until it ends: the quota check and the write cannot
    /// interleave with another node's. Waiting for the lock takes at most <paramref name="wait"/> (lock_timeout, for this transaction only).
    /// </summary>
    protected override PluginDataWrite BeginWrite(string pluginId, string userId, TimeSpan wait)
    {
        var connection = _db.Open();
        try
        {
            var transaction = connection.BeginTransaction();
            var milliseconds = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
            PostgresCommands.Execute(connection, transaction, $"SET LOCAL lock_timeout = {milliseconds.ToString(CultureInfo.InvariantCulture)}");
            PostgresCommands.Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", ("k", LockKey(_db.Schema, pluginId, userId)));
            return new Write(this, connection, transaction, pluginId, userId);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private (int Keys, long Bytes) Measure(NpgsqlConnection connection, NpgsqlTransaction? transaction, string pluginId, string userId, string? except)
    {
        using var command = PostgresCommands.Command(connection, transaction,
            _db.Sql("SELECT COUNT(*), COALESCE(SUM(octet_length(key) + octet_length(value)), 0) FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key IS DISTINCT FROM @k::text"),
            ("p", pluginId), ("u", userId), ("k", except));
        using var reader = command.ExecuteReader();
        reader.Read();
        return ((int)reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>One write, holding the (plugin, user) advisory lock in its transaction.</summary>
    private sealed class Write(PostgresPluginDataStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, string pluginId, string userId) : PluginDataWrite
    {
        private PostgresCatalogDatabase Db => store._db;

        public override string? Read(string key)
            => PostgresCommands.Scalar(connection, transaction, Db.Sql("SELECT value FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
                ("p", pluginId), ("u", userId), ("k", key)) as string;

        public override (int Keys, long Bytes) MeasureOthers(string key) => store.Measure(connection, transaction, pluginId, userId, key);

        public override void Upsert(string key, string value)
            => PostgresCommands.Execute(connection, transaction,
                Db.Sql("INSERT INTO {s}.plugin_data (plugin_id, user_id, key, value, updated_at) VALUES (@p, @u, @k, @v, @now) " +
                       "ON CONFLICT (plugin_id, user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"),
                ("p", pluginId), ("u", userId), ("k", key), ("v", value), ("now", Db.Now()));

        public override bool Delete(string key)
            => PostgresCommands.Execute(connection, transaction, Db.Sql("DELETE FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
                ("p", pluginId), ("u", userId), ("k", key)) > 0;

        public override void Commit() => transaction.Commit();

        public override void Dispose()
        {
            transaction.Dispose();
            connection.Dispose();
        }
    }
}
