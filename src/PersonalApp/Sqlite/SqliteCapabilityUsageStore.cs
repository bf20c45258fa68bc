using System.Globalization;
using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>The capability_usage table: counts of capability use per plugin version, capability and UTC day, added to in batches.</summary>
internal sealed class SqliteCapabilityUsageStore : ICapabilityUsageStore
{
    private readonly SqlitePluginCatalog _store;

    public SqliteCapabilityUsageStore(SqlitePluginCatalog store) => _store = store;

    /// <summary>Adds a batch of counts in one transaction.</summary>
    public void Add(IEnumerable<CapabilityUsage> counts)
    {
        using var write = _store.BeginWrite();
        var (connection, transaction) = write;
        foreach (var count in counts)
        {
            SqliteCommands.Execute(connection, transaction,
                "INSERT INTO capability_usage (plugin_id, version, capability, day, uses, refused) VALUES ($p, $v, $c, $d, $uses, $refused) " +
                "ON CONFLICT (plugin_id, version, capability, day) DO UPDATE SET uses = uses + excluded.uses, refused = refused + excluded.refused",
                ("$p", count.Plugin.PluginId), ("$v", count.Plugin.Version), ("$c", count.Capability), ("$d", count.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("$uses", count.Uses), ("$refused", count.Refused));
        }

        transaction.Commit();
    }

    public IReadOnlyList<CapabilityUsage> List(string? pluginId)
    {
        using var connection = _store.OpenConnection();
        using var command = pluginId is null
            ? SqliteCommands.Command(connection, null, "SELECT plugin_id, version, capability, day, uses, refused FROM capability_usage ORDER BY day, plugin_id, version, capability")
            : SqliteCommands.Command(connection, null, "SELECT plugin_id, version, capability, day, uses, refused FROM capability_usage WHERE plugin_id = $p ORDER BY day, version, capability", ("$p", pluginId));
        using var reader = command.ExecuteReader();
        var result = new List<CapabilityUsage>();
        while (reader.Read())
        {
            result.Add(new CapabilityUsage(
                new PluginVersionKey(reader.GetString(0), reader.GetInt32(1)),
                reader.GetString(2),
                DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetInt64(4),
                reader.GetInt64(5)));
        }

        return result;
    }
}
