using System.Globalization;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>The audit log's reads and appends (the appends beside a state change are in that change's transaction).</summary>
internal sealed partial class SqlitePluginCatalog
{
    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        Audit(connection, transaction, action, actor, pluginId, version, reason);
        transaction.Commit();
    }

    public void AppendAudit(IReadOnlyList<AuditRecord> entries)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        foreach (var entry in entries)
        {
            Audit(connection, transaction, entry.Action, entry.Actor, entry.PluginId, entry.Version, entry.Reason);
        }

        transaction.Commit();
    }

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId)
    {
        using var connection = Connect();
        using var command = pluginId is null
            ? SqliteCommands.Command(connection, null, "SELECT seq, at, action, actor, plugin_id, version, reason FROM audit_log ORDER BY seq")
            : SqliteCommands.Command(connection, null, "SELECT seq, at, action, actor, plugin_id, version, reason FROM audit_log WHERE plugin_id = $id ORDER BY seq", ("$id", pluginId));
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return entries;
    }
}
