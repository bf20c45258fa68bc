using PersonalApp.Catalog;

namespace PersonalApp.PostgreSql;

/// <summary>Capability usage counted per plugin version, capability and UTC day in the shared catalog: every node adds to the same rows.</summary>
internal sealed class PostgresCapabilityUsageStore : ICapabilityUsageStore
{
    private readonly PostgresCatalogDatabase _db;

    public PostgresCapabilityUsageStore(PostgresCatalogDatabase db) => _db = db;

    public void Add(IEnumerable<CapabilityUsage> counts)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var count in counts)
        {
            PostgresCommands.Execute(connection, transaction,
                _db.Sql("INSERT INTO {s}.capability_usage (plugin_id, version, capability, day, uses, refused) VALUES (@p, @v, @c, @d, @uses, @refused) " +
                        "ON CONFLICT (plugin_id, version, capability, day) DO UPDATE SET uses = capability_usage.uses + excluded.uses, refused = capability_usage.refused + excluded.refused"),
                ("p", count.Plugin.PluginId), ("v", count.Plugin.Version), ("c", count.Capability), ("d", count.Day), ("uses", count.Uses), ("refused", count.Refused));
        }

        transaction.Commit();
    }

    public IReadOnlyList<CapabilityUsage> List(string? pluginId)
    {
        using var connection = _db.Open();
        using var command = pluginId is null
            ? PostgresCommands.Command(connection, null, _db.Sql("SELECT plugin_id, version, capability, day, uses, refused FROM {s}.capability_usage ORDER BY day, plugin_id COLLATE \"C\", version, capability COLLATE \"C\""))
            : PostgresCommands.Command(connection, null, _db.Sql("SELECT plugin_id, version, capability, day, uses, refused FROM {s}.capability_usage WHERE plugin_id = @p ORDER BY day, version, capability COLLATE \"C\""), ("p", pluginId));
        using var reader = command.ExecuteReader();
        var result = new List<CapabilityUsage>();
        while (reader.Read())
        {
            result.Add(new CapabilityUsage(
                new PluginVersionKey(reader.GetString(0), reader.GetInt32(1)),
                reader.GetString(2),
                reader.GetFieldValue<DateOnly>(3),
                reader.GetInt64(4),
                reader.GetInt64(5)));
        }

        return result;
    }
}
