using System.Data.Common;
using System.Text.Json;

namespace PersonalApp.Catalog;

/// <summary>
/// A plugin version as every catalog stores it: the columns, in the order <see cref="Read"/> expects them, and the JSON
/// its lists are kept as. One reader for every database, so the catalogs cannot drift apart.
/// </summary>
internal static class VersionRow
{
    /// <summary>The columns to select, in order.</summary>
    public const string Columns =
        "plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, sha256, type_name, model_id, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at, decided_by, decision_reason, " +
        "capabilities, granted_capabilities, apis, contract_fingerprint, assembly_name, placement, verification";

    /// <summary>
    /// <see cref="Columns"/> for loading: the source, the diagnostics, the APIs used and the checks read as empty (constants
    /// stand in their place, so <see cref="Read"/> takes the row as it is). Start-up reads every active version with these:
    /// a pending entry then holds no source, and no JSON is parsed that loading never looks at.
    /// </summary>
    public const string LoadingColumns =
        "plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, '' AS source, sha256, type_name, model_id, repair_rounds, input_tokens, output_tokens, '[]' AS diagnostics, created_at, updated_at, decided_by, decision_reason, " +
        "capabilities, granted_capabilities, '[]' AS apis, contract_fingerprint, assembly_name, placement, '[]' AS verification";

    /// <summary>How the catalogs write the lists of a version (diagnostics, capabilities, APIs, checks) as JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the row the reader is on; <paramref name="time"/> reads a time column the way the database stores it.</summary>
    /// <summary>
    /// Reads every row of <paramref name="reader"/>; a row that cannot be read (a damaged JSON or enum column) does not
    /// stop the rest: it is returned in <c>Unreadable</c> with its key, status and problem, for the catalog to quarantine.
    /// </summary>
    public static (List<PluginVersionInfo> Rows, List<(PluginVersionKey Key, string Status, string Problem)> Unreadable) ReadAll(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> time)
    {
        var rows = new List<PluginVersionInfo>();
        var unreadable = new List<(PluginVersionKey Key, string Status, string Problem)>();
        while (reader.Read())
        {
            try
            {
                rows.Add(Read(reader, time));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException)
            {
                unreadable.Add((new PluginVersionKey(reader.GetString(0), reader.GetInt32(1)), reader.GetString(7), ex.Message));
            }
        }

        return (rows, unreadable);
    }

    /// <summary>
    /// Takes a version whose row cannot be read out of service, with an audit entry, by compare-and-set like any change;
    /// it stays in the catalog for the audit trail and is never loaded.
    /// </summary>
    public static void Quarantine(IPluginCatalog catalog, PluginVersionKey key, string status, string problem)
    {
        if (!Enum.TryParse<PluginStatus>(status, out var current) || current == PluginStatus.Quarantined)
        {
            return;
        }

        try
        {
            catalog.Apply(new CatalogChange(
                [new StatusChange(key, current, PluginStatus.Quarantined) { DecidedBy = AuditActions.SystemActor, DecisionReason = "its stored row cannot be read" }],
                [new AuditRecord(AuditActions.Quarantined, AuditActions.SystemActor, key.PluginId, key.Version, $"its stored row cannot be read ({problem}); it is kept for the audit trail and never loaded")]));
        }
        catch (CatalogConflictException)
        {
            // Someone moved it meanwhile; the next read sees it as it is now.
        }
    }

    /// <summary>A list column: an empty one (most of them, and every one the loading listing stands in for) without the JSON reader.</summary>
    private static List<T> ListOf<T>(string json) => json == "[]" ? [] : JsonSerializer.Deserialize<List<T>>(json, Json) ?? [];

    public static PluginVersionInfo Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> time) => new()
    {
        Key = new PluginVersionKey(reader.GetString(0), reader.GetInt32(1)),
        RequestId = reader.GetString(2),
        ExtensionPoint = reader.GetString(3),
        ContractType = reader.GetString(4),
        Owner = reader.GetString(5),
        Wish = reader.GetString(6),
        Status = Enum.Parse<PluginStatus>(reader.GetString(7)),
        Source = reader.GetString(8),
        Sha256 = reader.GetString(9),
        TypeName = reader.GetString(10),
        ModelId = reader.IsDBNull(11) ? null : reader.GetString(11),
        RepairRounds = reader.GetInt32(12),
        InputTokens = reader.GetInt64(13),
        OutputTokens = reader.GetInt64(14),
        Diagnostics = ListOf<PersonalizationDiagnostic>(reader.GetString(15)),
        CreatedAt = time(reader, 16),
        UpdatedAt = time(reader, 17),
        DecidedBy = reader.IsDBNull(18) ? null : reader.GetString(18),
        DecisionReason = reader.IsDBNull(19) ? null : reader.GetString(19),
        RequestedCapabilities = ListOf<string>(reader.GetString(20)),
        GrantedCapabilities = ListOf<string>(reader.GetString(21)),
        ApisUsed = ListOf<ApiUsage>(reader.GetString(22)),
        ContractFingerprint = reader.IsDBNull(23) ? null : reader.GetString(23),
        AssemblyName = reader.GetString(24),
        Placement = reader.IsDBNull(25) ? null : Enum.Parse<PluginPlacement>(reader.GetString(25)),
        Verification = ListOf<VerificationCheck>(reader.GetString(26)),
    };
}
