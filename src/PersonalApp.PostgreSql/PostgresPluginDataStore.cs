using System.Globalization;
using System.Text;
using Npgsql;
using PersonalApp.Catalog;

namespace PersonalApp.PostgreSql;

/// <summary>
/// The plugins' own data in the shared catalog: one key-value space per plugin and user, the same on every node. Each
/// write takes a transaction-scoped advisory lock on its (plugin, user), so the quota check and the write are one step
/// even when two nodes write for the same user at once, and Increment never loses an addition.
/// </summary>
internal sealed class PostgresPluginDataStore : IPluginDataStore
{
    private readonly PostgresCatalogDatabase _db;

    public PostgresPluginDataStore(PostgresCatalogDatabase db) => _db = db;

    public string? Get(string pluginId, string userId, string key)
    {
        using var connection = _db.Open();
        return PostgresCommands.Scalar(connection, null, _db.Sql("SELECT value FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
            ("p", pluginId), ("u", userId), ("k", key)) as string;
    }

    public string? Set(string pluginId, string userId, string key, string value, StorageQuota quota, TimeSpan wait)
    {
        using var connection = _db.Open();
        using var transaction = BeginFor(connection, pluginId, userId, wait);
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
        using var connection = _db.Open();
        using var transaction = BeginFor(connection, pluginId, userId, wait);
        var removed = PostgresCommands.Execute(connection, transaction, _db.Sql("DELETE FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
            ("p", pluginId), ("u", userId), ("k", key)) > 0;
        transaction.Commit();
        return removed;
    }

    public (long Value, string? Problem) Increment(string pluginId, string userId, string key, long delta, StorageQuota quota, TimeSpan wait)
    {
        using var connection = _db.Open();
        using var transaction = BeginFor(connection, pluginId, userId, wait);
        var current = PostgresCommands.Scalar(connection, transaction, _db.Sql("SELECT value FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key = @k"),
            ("p", pluginId), ("u", userId), ("k", key)) as string;
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
        using var connection = _db.Open();

        // left() instead of LIKE: a prefix may hold % and _. The C collation orders by bytes, as SQLite does.
        using var command = PostgresCommands.Command(connection, null,
            _db.Sql("SELECT key FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND left(key, length(@prefix)) = @prefix ORDER BY key COLLATE \"C\" LIMIT @max"),
            ("p", pluginId), ("u", userId), ("prefix", prefix), ("max", max));
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        // The contract promises ordinal (UTF-16) order; byte order differs only for characters outside the BMP.
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public (int Keys, long Bytes) Size(string pluginId, string userId)
    {
        using var connection = _db.Open();
        return Measure(connection, null, pluginId, userId, except: null);
    }

    /// <summary>
    /// Begins a transaction that holds the (plugin, user) write lock until it ends: the quota check and the write cannot
    /// interleave with another node's. Waiting for the lock takes at most <paramref name="wait"/> (lock_timeout, for this transaction only).
    /// </summary>
    private NpgsqlTransaction BeginFor(NpgsqlConnection connection, string pluginId, string userId, TimeSpan wait)
    {
        var transaction = connection.BeginTransaction();
        var milliseconds = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
        PostgresCommands.Execute(connection, transaction, $"SET LOCAL lock_timeout = {milliseconds.ToString(CultureInfo.InvariantCulture)}");
        PostgresCommands.Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", ("k", LockKey(_db.Schema, pluginId, userId)));
        return transaction;
    }

    /// <summary>The name of the advisory lock on one plugin's data for one user (the plugin id's length keeps ids with ':' apart).</summary>
    internal static string LockKey(string schema, string pluginId, string userId)
        => $"personalapp.data:{schema}:{pluginId.Length.ToString(CultureInfo.InvariantCulture)}:{pluginId}:{userId}";

    private (int Keys, long Bytes) Measure(NpgsqlConnection connection, NpgsqlTransaction? transaction, string pluginId, string userId, string? except)
    {
        using var command = PostgresCommands.Command(connection, transaction,
            _db.Sql("SELECT COUNT(*), COALESCE(SUM(octet_length(key) + octet_length(value)), 0) FROM {s}.plugin_data WHERE plugin_id = @p AND user_id = @u AND key IS DISTINCT FROM @k::text"),
            ("p", pluginId), ("u", userId), ("k", except));
        using var reader = command.ExecuteReader();
        reader.Read();
        return ((int)reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    private string? CheckQuota(NpgsqlConnection connection, NpgsqlTransaction transaction, string pluginId, string userId, string key, string value, StorageQuota quota)
    {
        if (StorageRules.ValueProblem(key, value, quota) is { } tooLarge)
        {
            return tooLarge;
        }

        var (otherKeys, otherBytes) = Measure(connection, transaction, pluginId, userId, key);
        return StorageRules.QuotaProblem(key, value, quota, otherKeys, otherBytes);
    }

    private void Upsert(NpgsqlConnection connection, NpgsqlTransaction transaction, string pluginId, string userId, string key, string value)
        => PostgresCommands.Execute(connection, transaction,
            _db.Sql("INSERT INTO {s}.plugin_data (plugin_id, user_id, key, value, updated_at) VALUES (@p, @u, @k, @v, @now) " +
                    "ON CONFLICT (plugin_id, user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"),
            ("p", pluginId), ("u", userId), ("k", key), ("v", value), ("now", _db.Now()));
}
