using System.Text.Json;
using Npgsql;
using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.PostgreSql;

/// <summary>
/// The shared catalog: the embedded catalog's tables and rules in PostgreSQL, for a fleet of hosts. Every change of
/// state is written with its audit entry in one transaction and announced in it (NOTIFY, delivered only if it commits),
/// so every node hears of it. Immutability, append-only audit and "one active version per plugin" are the database's rules.
/// </summary>
internal sealed class PostgresPluginCatalog : IPluginCatalog
{
    /// <summary>The longest payload NOTIFY carries (8000 bytes) with room to spare; a longer plugin id is announced as "look at everything".</summary>
    private const int MaxPayloadBytes = 7900;

    // The serializer every catalog uses, so all write the same JSON.
    private static readonly JsonSerializerOptions Json = VersionRow.Json;

    /// <summary>How long a request may stay running, unchanged, before a starting node takes it as interrupted (RequestTimeout is at most an hour).</summary>
    internal static readonly TimeSpan StaleRunningRequest = TimeSpan.FromHours(2);

    private readonly PostgresCatalogDatabase _db;

    public PostgresPluginCatalog(PostgresCatalogDatabase db) => _db = db;

    public string Location => _db.Location;

    public void EnsureOpen() => _db.EnsureOpen();

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "INSERT INTO {s}.requests (id, user_id, wish, extension_point, plugin_id, status, created_at, updated_at) VALUES (@id, @user, @wish, @ep::text, @plugin::text, 'running', @now, @now)",
            ("id", requestId), ("user", userId), ("wish", wish), ("ep", extensionPoint), ("plugin", pluginId), ("now", _db.Now()));
        Audit(connection, transaction, AuditActions.Requested, userId, pluginId, null, extensionPoint is null ? null : $"extension point {extensionPoint}");
        transaction.Commit();
    }

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "UPDATE {s}.requests SET status = 'failed', last_source = @source::text, diagnostics = @diag, repair_rounds = @rounds, input_tokens = @in, output_tokens = @out, updated_at = @now WHERE id = @id",
            ("id", requestId), ("source", lastSource), ("diag", JsonSerializer.Serialize(diagnostics, Json)), ("rounds", repairRounds), ("in", inputTokens), ("out", outputTokens), ("now", _db.Now()));
        Audit(connection, transaction, AuditActions.RequestFailed, userId, pluginId, null, string.Join("; ", diagnostics.Take(3).Select(d => d.ToString())));
        transaction.Commit();
    }

    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "INSERT INTO {s}.requests (id, user_id, wish, extension_point, plugin_id, version, status, reused_plugin_id, reused_version, tokens_saved, created_at, updated_at) " +
            "VALUES (@id, @user, @wish, @ep, NULL, NULL, 'reused', @plugin, @v, @saved, @now, @now)",
            ("id", requestId), ("user", userId), ("wish", wish), ("ep", extensionPoint), ("plugin", reused.PluginId), ("v", reused.Version), ("saved", tokensSaved), ("now", _db.Now()));
        Audit(connection, transaction, AuditActions.Reused, userId, reused.PluginId, reused.Version, $"offered for \"{wish}\" ({how}); about {tokensSaved:N0} tokens saved");
        transaction.Commit();
    }

    /// <summary>
    /// Closes requests that a stopped process left running. Other nodes share this table and may be running requests
    /// right now, so only requests untouched for <see cref="StaleRunningRequest"/> (far past any request timeout) are
    /// taken as interrupted.
    /// </summary>
    public int MarkInterruptedRequests()
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        var running = new List<(string Id, string? PluginId)>();
        using (var command = PostgresCommands.Command(connection, transaction, _db.Sql(
            "SELECT id, plugin_id FROM {s}.requests WHERE status = 'running' AND updated_at < @cutoff ORDER BY created_at FOR UPDATE"),
            ("cutoff", _db.Now() - StaleRunningRequest)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                running.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        foreach (var (id, pluginId) in running)
        {
            Execute(connection, transaction, "UPDATE {s}.requests SET status = 'interrupted', updated_at = @now WHERE id = @id AND status = 'running'", ("id", id), ("now", _db.Now()));
            Audit(connection, transaction, AuditActions.RequestInterrupted, AuditActions.SystemActor, pluginId, null,
                $"request {id} was still running {StaleRunningRequest.TotalHours:0} hours after its last change, so the node that ran it stopped; nothing was stored for approval");
        }

        transaction.Commit();
        return running.Count;
    }

    public PluginVersionKey InsertVersion(NewPluginVersion version)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();

        // Two nodes adding a version of one plugin at once take turns, so both get a number (last + 1) instead of one failing.
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", ("k", $"personalapp.version:{_db.Schema}:{version.PluginId}"));
        var next = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) + 1 FROM {s}.plugin_versions WHERE plugin_id = @id", ("id", version.PluginId)), System.Globalization.CultureInfo.InvariantCulture);
        var now = _db.Now();
        Execute(connection, transaction,
            "INSERT INTO {s}.plugin_versions (plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, assembly_name, type_name, dll, pdb, sha256, model_id, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at, capabilities, apis, contract_fingerprint, verification) " +
            "VALUES (@id, @v, @req, @ep, @contract, @owner, @wish, @status, @source, @asm, @type, @dll, @pdb, @sha, @model::text, @rounds, @in, @out, @diag, @now, @now, @caps, @apis, @fingerprint::text, @verification)",
            ("id", version.PluginId), ("v", next), ("req", version.RequestId), ("ep", version.ExtensionPoint), ("contract", version.ContractType),
            ("owner", version.Owner), ("wish", version.Wish), ("status", nameof(PluginStatus.PendingApproval)), ("source", version.Source),
            ("asm", version.Compiled.AssemblyName), ("type", version.Compiled.TypeName), ("dll", version.Compiled.Dll), ("pdb", version.Compiled.Pdb),
            ("sha", version.Compiled.Sha256), ("model", version.ModelId), ("rounds", version.RepairRounds), ("in", version.InputTokens),
            ("out", version.OutputTokens), ("diag", JsonSerializer.Serialize(version.Diagnostics, Json)), ("now", now),
            ("caps", JsonSerializer.Serialize(version.Compiled.Capabilities, Json)), ("apis", JsonSerializer.Serialize(version.Compiled.Apis, Json)), ("fingerprint", version.ContractFingerprint),
            ("verification", JsonSerializer.Serialize(version.Verification, Json)));
        Execute(connection, transaction,
            "UPDATE {s}.requests SET status = 'pending-approval', plugin_id = @id, version = @v, repair_rounds = @rounds, input_tokens = @in, output_tokens = @out, updated_at = @now WHERE id = @req",
            ("id", version.PluginId), ("v", next), ("req", version.RequestId), ("rounds", version.RepairRounds), ("in", version.InputTokens), ("out", version.OutputTokens), ("now", now));
        Audit(connection, transaction, AuditActions.Generated, version.Owner, version.PluginId, next, $"sha256 {version.Compiled.Sha256}");
        transaction.Commit();
        return new PluginVersionKey(version.PluginId, next);
    }

    public PluginVersionInfo? GetVersion(PluginVersionKey key)
    {
        using var connection = _db.Open();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM {{s}}.plugin_versions WHERE plugin_id = @id AND version = @v", ("id", key.PluginId), ("v", key.Version)).FirstOrDefault();
    }

    public PluginVersionInfo? GetLatest(string pluginId)
    {
        using var connection = _db.Open();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM {{s}}.plugin_versions WHERE plugin_id = @id ORDER BY version DESC LIMIT 1", ("id", pluginId)).FirstOrDefault();
    }

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status)
    {
        using var connection = _db.Open();
        return status is { } s
            ? Query(connection, $"SELECT {VersionRow.Columns} FROM {{s}}.plugin_versions WHERE status = @s ORDER BY created_at, plugin_id COLLATE \"C\", version", ("s", s.ToString()))
            : Query(connection, $"SELECT {VersionRow.Columns} FROM {{s}}.plugin_versions ORDER BY created_at, plugin_id COLLATE \"C\", version");
    }

    public IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId)
    {
        using var connection = _db.Open();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM {{s}}.plugin_versions WHERE plugin_id = @id ORDER BY version", ("id", pluginId));
    }

    public PluginImage? GetImage(PluginVersionKey key)
    {
        using var connection = _db.Open();
        using var command = PostgresCommands.Command(connection, null, _db.Sql("SELECT assembly_name, dll, pdb, sha256 FROM {s}.plugin_versions WHERE plugin_id = @id AND version = @v"), ("id", key.PluginId), ("v", key.Version));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new PluginImage(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), reader.GetString(3)) : null;
    }

    public void Apply(CatalogChange change)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        var now = _db.Now();
        foreach (var step in change.Changes)
        {
            // Compare and set: the row moves only if it still has the status the lifecycle read. A second node's UPDATE of
            // the same row waits for the first to commit, then finds the status changed and moves nothing.
            int moved;
            try
            {
                moved = Execute(connection, transaction,
                    "UPDATE {s}.plugin_versions SET status = @to, updated_at = @now, decided_by = COALESCE(@actor::text, decided_by), decision_reason = CASE WHEN @actor::text IS NULL THEN decision_reason ELSE @reason::text END, " +
                    "placement = COALESCE(@placement::text, placement), granted_capabilities = COALESCE(@granted::text, granted_capabilities) WHERE plugin_id = @id AND version = @v AND status = @expected",
                    ("to", step.To.ToString()), ("now", now), ("actor", step.DecidedBy), ("reason", step.DecisionReason), ("placement", step.Placement?.ToString()),
                    ("granted", step.GrantedCapabilities is null ? null : JsonSerializer.Serialize(step.GrantedCapabilities, Json)),
                    ("id", step.Key.PluginId), ("v", step.Key.Version), ("expected", step.Expected.ToString()));
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // plugin_versions_one_active: another version of the plugin became active first (two approvals, nothing to supersede).
                transaction.Rollback();
                throw new CatalogConflictException(step.Key, step.Expected, ReadStatus(step.Key));
            }

            if (moved != 1)
            {
                var actual = Scalar(connection, transaction, "SELECT status FROM {s}.plugin_versions WHERE plugin_id = @id AND version = @v", ("id", step.Key.PluginId), ("v", step.Key.Version)) as string;
                throw new CatalogConflictException(step.Key, step.Expected, actual is null ? null : Enum.Parse<PluginStatus>(actual));
            }
        }

        foreach (var entry in change.Audit)
        {
            Audit(connection, transaction, entry.Action, entry.Actor, entry.PluginId, entry.Version, entry.Reason);
        }

        foreach (var pluginId in change.Changes.Select(c => c.Key.PluginId).Distinct(StringComparer.Ordinal))
        {
            Notify(connection, transaction, pluginId);
        }

        transaction.Commit();
    }

    public PluginAudience GetAudience(string pluginId)
    {
        using var connection = _db.Open();
        return PluginAudience.Parse(Scalar(connection, null, "SELECT audience FROM {s}.plugin_audiences WHERE plugin_id = @id", ("id", pluginId)) as string);
    }

    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        var before = PluginAudience.Parse(Scalar(connection, transaction, "SELECT audience FROM {s}.plugin_audiences WHERE plugin_id = @id FOR UPDATE", ("id", pluginId)) as string);
        Execute(connection, transaction,
            "INSERT INTO {s}.plugin_audiences (plugin_id, audience, changed_by, changed_at) VALUES (@id, @audience, @actor, @now) " +
            "ON CONFLICT (plugin_id) DO UPDATE SET audience = excluded.audience, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            ("id", pluginId), ("audience", audience.ToString()), ("actor", actor), ("now", _db.Now()));
        Audit(connection, transaction, AuditActions.Promoted, actor, pluginId, version, $"from {before} to {audience}: {reason}");
        Notify(connection, transaction, pluginId);
        transaction.Commit();
    }

    public void RecordRecheck(PluginVersionKey key, string fingerprint)
    {
        using var connection = _db.Open();
        using var transaction = connection.BeginTransaction();
        var before = Scalar(connection, transaction, "SELECT contract_fingerprint FROM {s}.plugin_versions WHERE plugin_id = @id AND version = @v FOR UPDATE", ("id", key.PluginId), ("v", key.Version)) as string;
        Execute(connection, transaction, "UPDATE {s}.plugin_versions SET contract_fingerprint = @fp WHERE plugin_id = @id AND version = @v",
            ("fp", fingerprint), ("id", key.PluginId), ("v", key.Version));
        Audit(connection, transaction, AuditActions.Rechecked, AuditActions.SystemActor, key.PluginId, key.Version,
            before is null ? "checked against the host's contract as it is now: passes" : "the host's contract changed; compiled and checked again: passes");
        transaction.Commit();
    }

    public long TokensUsedSince(DateTimeOffset since, string? userId)
    {
        using var connection = _db.Open();
        return Convert.ToInt64(
            userId is null
                ? Scalar(connection, null, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM {s}.requests WHERE created_at >= @start", ("start", since.ToUniversalTime()))
                : Scalar(connection, null, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM {s}.requests WHERE user_id = @user AND created_at >= @start", ("user", userId), ("start", since.ToUniversalTime())),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public long TokensSavedSince(DateTimeOffset since, string? userId)
    {
        using var connection = _db.Open();
        return Convert.ToInt64(
            userId is null
                ? Scalar(connection, null, "SELECT COALESCE(SUM(tokens_saved), 0) FROM {s}.requests WHERE created_at >= @start", ("start", since.ToUniversalTime()))
                : Scalar(connection, null, "SELECT COALESCE(SUM(tokens_saved), 0) FROM {s}.requests WHERE user_id = @user AND created_at >= @start", ("user", userId), ("start", since.ToUniversalTime())),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason)
    {
        using var connection = _db.Open();
        Audit(connection, null, action, actor, pluginId, version, reason);
    }

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId)
    {
        using var connection = _db.Open();
        using var command = pluginId is null
            ? PostgresCommands.Command(connection, null, _db.Sql("SELECT seq, at, action, actor, plugin_id, version, reason FROM {s}.audit_log ORDER BY seq"))
            : PostgresCommands.Command(connection, null, _db.Sql("SELECT seq, at, action, actor, plugin_id, version, reason FROM {s}.audit_log WHERE plugin_id = @id ORDER BY seq"), ("id", pluginId));
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return entries;
    }

    private PluginStatus? ReadStatus(PluginVersionKey key)
    {
        using var connection = _db.Open();
        return Scalar(connection, null, "SELECT status FROM {s}.plugin_versions WHERE plugin_id = @id AND version = @v", ("id", key.PluginId), ("v", key.Version)) is string s ? Enum.Parse<PluginStatus>(s) : null;
    }

    /// <summary>Announces, inside the caller's transaction, that a plugin changed; PostgreSQL delivers it to listeners only if the transaction commits.</summary>
    private void Notify(NpgsqlConnection connection, NpgsqlTransaction transaction, string pluginId)
        => Execute(connection, transaction, "SELECT pg_notify(@channel, @payload)",
            ("channel", _db.Channel), ("payload", System.Text.Encoding.UTF8.GetByteCount(pluginId) <= MaxPayloadBytes ? pluginId : string.Empty));

    private void Audit(NpgsqlConnection connection, NpgsqlTransaction? transaction, string action, string actor, string? pluginId, int? version, string? reason)
        => Execute(connection, transaction,
            "INSERT INTO {s}.audit_log (at, action, actor, plugin_id, version, reason) VALUES (@at, @action, @actor, @id::text, @v::integer, @reason::text)",
            ("at", _db.Now()), ("action", action), ("actor", actor), ("id", pluginId), ("v", version), ("reason", reason));

    private int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        => PostgresCommands.Execute(connection, transaction, _db.Sql(sql), parameters);

    private object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        => PostgresCommands.Scalar(connection, transaction, _db.Sql(sql), parameters);

    private List<PluginVersionInfo> Query(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        List<PluginVersionInfo> rows;
        List<(PluginVersionKey Key, string Status, string Problem)> unreadable;
        using (var command = PostgresCommands.Command(connection, null, _db.Sql(sql), parameters))
        using (var reader = command.ExecuteReader())
        {
            (rows, unreadable) = VersionRow.ReadAll(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i));
        }

        // One damaged row must not stop the rest of the catalog from loading (nor the other nodes: the change is shared).
        foreach (var (key, status, problem) in unreadable)
        {
            VersionRow.Quarantine(this, key, status, problem);
        }

        return rows;
    }
}
