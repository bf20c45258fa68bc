using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Sqlite;

/// <summary>
/// The embedded catalog: one SQLite file holding requests, immutable plugin versions (source, DLL, PDB, SHA-256)
/// and an append-only audit log. Every change of state is written with its audit entry in one transaction.
/// Immutability and append-only are enforced by triggers in the database, not only by this class.
/// </summary>
internal sealed partial class SqlitePluginCatalog : IPluginCatalog
{
    internal static readonly JsonSerializerOptions Json = VersionRow.Json;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lock _openLock = new();
    private readonly SqliteWriteQueue _writes;

    // Not a Lazy: a failed open (a full disk, a locked file) must be tried again once its cause is gone, not cached.
    private volatile bool _opened;

    // A large store's whole-file check runs after open (VerifyIntegrity); until it has, this is true.
    private volatile bool _integrityPending;

    // What that check found: from then on the store is refused, as at open, and nothing more is written to it.
    private volatile PersonalizationException? _damage;

    public SqlitePluginCatalog(IOptions<PersonalizationOptions> options, TimeProvider time)
    {
        _path = System.IO.Path.GetFullPath(options.Value.StorePath);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)DefaultWriteWait.TotalSeconds,
        }.ToString();
        _writes = SqliteWriteQueue.For(_path);
    }

    public string Location => _path;

    /// <summary>Creates or checks the database once; throws <see cref="PersonalizationException"/> for a file it must not touch.</summary>
    public void EnsureOpen()
    {
        if (_opened)
        {
            return;
        }

        lock (_openLock)
        {
            _opened = _opened || Open();
        }
    }

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        SqliteCommands.Execute(connection, transaction,
            "INSERT INTO requests (id, user_id, wish, extension_point, plugin_id, status, created_at, updated_at) VALUES ($id, $user, $wish, $ep, $plugin, 'running', $now, $now)",
            ("$id", requestId), ("$user", userId), ("$wish", wish), ("$ep", extensionPoint), ("$plugin", pluginId), ("$now", Now()));
        Audit(connection, transaction, AuditActions.Requested, userId, pluginId, null, extensionPoint is null ? null : $"extension point {extensionPoint}");
        transaction.Commit();
    }

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        SqliteCommands.Execute(connection, transaction,
            "UPDATE requests SET status = 'failed', last_source = $source, diagnostics = $diag, repair_rounds = $rounds, input_tokens = $in, output_tokens = $out, updated_at = $now WHERE id = $id",
            ("$id", requestId), ("$source", lastSource), ("$diag", JsonSerializer.Serialize(diagnostics, Json)), ("$rounds", repairRounds), ("$in", inputTokens), ("$out", outputTokens), ("$now", Now()));
        Audit(connection, transaction, AuditActions.RequestFailed, userId, pluginId, null, string.Join("; ", diagnostics.Take(3).Select(d => d.ToString())));
        transaction.Commit();
    }

    /// <summary>Stores a new immutable version (number = last + 1) as pending approval, and closes its request.</summary>
    public PluginVersionKey InsertVersion(NewPluginVersion version)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var next = Convert.ToInt32(SqliteCommands.Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) + 1 FROM plugin_versions WHERE plugin_id = $id", ("$id", version.PluginId)), CultureInfo.InvariantCulture);
        var now = Now();
        SqliteCommands.Execute(connection, transaction,
            "INSERT INTO plugin_versions (plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, assembly_name, type_name, dll, pdb, sha256, model_id, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at, capabilities, apis, contract_fingerprint, verification) " +
            "VALUES ($id, $v, $req, $ep, $contract, $owner, $wish, $status, $source, $asm, $type, $dll, $pdb, $sha, $model, $rounds, $in, $out, $diag, $now, $now, $caps, $apis, $fingerprint, $verification)",
            ("$id", version.PluginId), ("$v", next), ("$req", version.RequestId), ("$ep", version.ExtensionPoint), ("$contract", version.ContractType),
            ("$owner", version.Owner), ("$wish", version.Wish), ("$status", nameof(PluginStatus.PendingApproval)), ("$source", version.Source),
            ("$asm", version.Compiled.AssemblyName), ("$type", version.Compiled.TypeName), ("$dll", version.Compiled.Dll), ("$pdb", version.Compiled.Pdb),
            ("$sha", version.Compiled.Sha256), ("$model", version.ModelId), ("$rounds", version.RepairRounds), ("$in", version.InputTokens),
            ("$out", version.OutputTokens), ("$diag", JsonSerializer.Serialize(version.Diagnostics, Json)), ("$now", now),
            ("$caps", JsonSerializer.Serialize(version.Compiled.Capabilities, Json)), ("$apis", JsonSerializer.Serialize(version.Compiled.Apis, Json)), ("$fingerprint", version.ContractFingerprint),
            ("$verification", JsonSerializer.Serialize(version.Verification, Json)));
        SqliteCommands.Execute(connection, transaction,
            "UPDATE requests SET status = 'pending-approval', plugin_id = $id, version = $v, repair_rounds = $rounds, input_tokens = $in, output_tokens = $out, updated_at = $now WHERE id = $req",
            ("$id", version.PluginId), ("$v", next), ("$req", version.RequestId), ("$rounds", version.RepairRounds), ("$in", version.InputTokens), ("$out", version.OutputTokens), ("$now", now));
        Audit(connection, transaction, AuditActions.Generated, version.Owner, version.PluginId, next, $"sha256 {version.Compiled.Sha256}");
        transaction.Commit();
        return new PluginVersionKey(version.PluginId, next);
    }

    public PluginVersionInfo? GetVersion(PluginVersionKey key)
    {
        using var connection = Connect();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)).FirstOrDefault();
    }

    /// <summary>The newest version of a plugin, whatever its status.</summary>
    public PluginVersionInfo? GetLatest(string pluginId)
    {
        using var connection = Connect();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM plugin_versions WHERE plugin_id = $id ORDER BY version DESC LIMIT 1", ("$id", pluginId)).FirstOrDefault();
    }

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status)
    {
        using var connection = Connect();
        return status is { } s
            ? Query(connection, $"SELECT {VersionRow.Columns} FROM plugin_versions WHERE status = $s ORDER BY created_at, plugin_id, version", ("$s", s.ToString()))
            : Query(connection, $"SELECT {VersionRow.Columns} FROM plugin_versions ORDER BY created_at, plugin_id, version");
    }

    public IReadOnlyList<PluginVersionInfo> ListActiveForLoading()
    {
        using var connection = Connect();
        return Query(connection, ActiveForLoadingSql);
    }

    /// <summary>
    /// The loading listing. The literal status (not a parameter) lets SQLite use the partial covering index
    /// plugin_versions_loading: the listing never reads the table's rows, so never the DLL and PDB pages stored in them.
    /// </summary>
    internal const string ActiveForLoadingSql =
        $"SELECT {VersionRow.LoadingColumns} FROM plugin_versions INDEXED BY plugin_versions_loading WHERE status = 'Active' ORDER BY created_at, plugin_id, version";

    public PluginImage? GetImage(PluginVersionKey key)
    {
        using var connection = Connect();
        using var command = SqliteCommands.Command(connection, null, "SELECT assembly_name, dll, pdb, sha256 FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new PluginImage(reader.GetString(0), (byte[])reader[1], (byte[])reader[2], reader.GetString(3)) : null;
    }

    public IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId)
    {
        using var connection = Connect();
        return Query(connection, $"SELECT {VersionRow.Columns} FROM plugin_versions WHERE plugin_id = $id ORDER BY version", ("$id", pluginId));
    }

    public void Apply(CatalogChange change)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var now = Now();
        foreach (var step in change.Changes)
        {
            // Compare and set: the row moves only if it still has the status the lifecycle read.
            using var command = SqliteCommands.Command(connection, transaction,
                "UPDATE plugin_versions SET status = $to, updated_at = $now, decided_by = COALESCE($actor, decided_by), decision_reason = CASE WHEN $actor IS NULL THEN decision_reason ELSE $reason END, " +
                "placement = COALESCE($placement, placement), granted_capabilities = COALESCE($granted, granted_capabilities) WHERE plugin_id = $id AND version = $v AND status = $expected",
                ("$to", step.To.ToString()), ("$now", now), ("$actor", step.DecidedBy), ("$reason", step.DecisionReason), ("$placement", step.Placement?.ToString()),
                ("$granted", step.GrantedCapabilities is null ? null : JsonSerializer.Serialize(step.GrantedCapabilities, Json)),
                ("$id", step.Key.PluginId), ("$v", step.Key.Version), ("$expected", step.Expected.ToString()));
            int moved;
            try
            {
                moved = command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 2067)
            {
                // SQLITE_CONSTRAINT_UNIQUE on plugin_versions_one_active: another version of the plugin became active first.
                transaction.Rollback();
                var actualNow = SqliteCommands.Scalar(connection, null, "SELECT status FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", step.Key.PluginId), ("$v", step.Key.Version)) as string;
                throw new CatalogConflictException(step.Key, step.Expected, actualNow is null ? null : Enum.Parse<PluginStatus>(actualNow));
            }

            if (moved != 1)
            {
                var actual = SqliteCommands.Scalar(connection, transaction, "SELECT status FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", step.Key.PluginId), ("$v", step.Key.Version)) as string;
                throw new CatalogConflictException(step.Key, step.Expected, actual is null ? null : Enum.Parse<PluginStatus>(actual));
            }
        }

        foreach (var entry in change.Audit)
        {
            AuditEntryIn(connection, transaction, entry.Action, entry.Actor, entry.PluginId, entry.Version, entry.Reason);
        }

        transaction.Commit();
    }

    /// <summary>Who gets a plugin besides its owner (the owner only when no admin promoted it).</summary>
    public PluginAudience GetAudience(string pluginId)
    {
        using var connection = Connect();
        return PluginAudience.Parse(SqliteCommands.Scalar(connection, null, "SELECT audience FROM plugin_audiences WHERE plugin_id = $id", ("$id", pluginId)) as string);
    }

    public IReadOnlyDictionary<string, PluginAudience>? GetAudiences()
    {
        using var connection = Connect();
        using var command = SqliteCommands.Command(connection, null, "SELECT plugin_id, audience FROM plugin_audiences");
        using var reader = command.ExecuteReader();
        var audiences = new Dictionary<string, PluginAudience>(StringComparer.Ordinal);
        while (reader.Read())
        {
            audiences[reader.GetString(0)] = PluginAudience.Parse(reader.IsDBNull(1) ? null : reader.GetString(1));
        }

        return audiences;
    }

    /// <summary>Changes who gets a plugin, with its audit entry, in one transaction.</summary>
    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var before = PluginAudience.Parse(SqliteCommands.Scalar(connection, transaction, "SELECT audience FROM plugin_audiences WHERE plugin_id = $id", ("$id", pluginId)) as string);
        SqliteCommands.Execute(connection, transaction,
            "INSERT INTO plugin_audiences (plugin_id, audience, changed_by, changed_at) VALUES ($id, $audience, $actor, $now) " +
            "ON CONFLICT (plugin_id) DO UPDATE SET audience = excluded.audience, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            ("$id", pluginId), ("$audience", audience.ToString()), ("$actor", actor), ("$now", Now()));
        Audit(connection, transaction, AuditActions.Promoted, actor, pluginId, version, $"from {before} to {audience}: {reason}");
        transaction.Commit();
    }

    /// <summary>Records that a version was compiled and checked again against changed host assemblies, and passed.</summary>
    public void RecordRecheck(PluginVersionKey key, string fingerprint)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var before = SqliteCommands.Scalar(connection, transaction, "SELECT contract_fingerprint FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)) as string;
        SqliteCommands.Execute(connection, transaction, "UPDATE plugin_versions SET contract_fingerprint = $fp WHERE plugin_id = $id AND version = $v",
            ("$fp", fingerprint), ("$id", key.PluginId), ("$v", key.Version));
        Audit(connection, transaction, AuditActions.Rechecked, AuditActions.SystemActor, key.PluginId, key.Version,
            before is null ? "checked against the host's contract as it is now: passes" : "the host's contract changed; compiled and checked again: passes");
        transaction.Commit();
    }

    /// <summary>The tokens (input and output) requests created since <paramref name="since"/> recorded: one user's, or everyone's.</summary>
    public long TokensUsedSince(DateTimeOffset since, string? userId) => SumSince("input_tokens + output_tokens", since, userId);

    /// <summary>Records a request answered by an approved plugin instead of the model, and the tokens that saved, with its audit entry.</summary>
    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
    {
        using var write = BeginWrite();
        var (connection, transaction) = write;
        var now = Now();
        SqliteCommands.Execute(connection, transaction,
            "INSERT INTO requests (id, user_id, wish, extension_point, plugin_id, version, status, reused_plugin_id, reused_version, tokens_saved, created_at, updated_at) " +
            "VALUES ($id, $user, $wish, $ep, NULL, NULL, 'reused', $plugin, $v, $saved, $now, $now)",
            ("$id", requestId), ("$user", userId), ("$wish", wish), ("$ep", extensionPoint), ("$plugin", reused.PluginId), ("$v", reused.Version), ("$saved", tokensSaved), ("$now", now));
        Audit(connection, transaction, AuditActions.Reused, userId, reused.PluginId, reused.Version, $"offered for \"{wish}\" ({how}); about {tokensSaved:N0} tokens saved");
        transaction.Commit();
    }

    /// <summary>The tokens saved by reuse since <paramref name="since"/>: one user's, or everyone's.</summary>
    public long TokensSavedSince(DateTimeOffset since, string? userId) => SumSince("tokens_saved", since, userId);

    /// <summary>Sums a column expression over the requests created since <paramref name="since"/>: one user's, or everyone's.</summary>
    private long SumSince(string expression, DateTimeOffset since, string? userId)
    {
        using var connection = Connect();
        var start = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        return Convert.ToInt64(
            userId is null
                ? SqliteCommands.Scalar(connection, null, $"SELECT COALESCE(SUM({expression}), 0) FROM requests WHERE created_at >= $start", ("$start", start))
                : SqliteCommands.Scalar(connection, null, $"SELECT COALESCE(SUM({expression}), 0) FROM requests WHERE user_id = $user AND created_at >= $start", ("$user", userId), ("$start", start)),
            CultureInfo.InvariantCulture);
    }

    private bool Open()
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            var applicationId = Convert.ToInt32(SqliteCommands.Scalar(connection, null, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var userVersion = Convert.ToInt32(SqliteCommands.Scalar(connection, null, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            var tables = Convert.ToInt32(SqliteCommands.Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), CultureInfo.InvariantCulture);
            if (applicationId != SqliteCatalogSchema.ApplicationId && (applicationId != 0 || tables > 0))
            {
                throw new PersonalizationException(
                    DiagnosticIds.StoreUnreadable,
                    $"The file at PersonalizationOptions.StorePath '{_path}' is a SQLite database of another application. Nothing was changed. Point StorePath at a new file or at PersonalApp's own database.");
            }

            if (userVersion > SqliteCatalogSchema.SchemaVersion)
            {
                throw new PersonalizationException(
                    DiagnosticIds.StoreSchemaNewer,
                    $"The store at '{_path}' has schema version {userVersion}, newer than this PersonalApp understands ({SqliteCatalogSchema.SchemaVersion}). Nothing was changed. Upgrade PersonalApp, or restore a backup made by this version.");
            }

            // The header and schema were read above (a damaged one is refused there). The whole-file check reads every page:
            // at open for a small store, in the background sweep for a large one (VerifyIntegrity), so start-up stays flat.
            _integrityPending = new FileInfo(_path).Length > FullCheckAtOpenMaxBytes;
            if (!_integrityPending && QuickCheck(connection, "Nothing was changed") is { } damage)
            {
                throw damage;
            }

            SqliteCommands.Execute(connection, null, "PRAGMA journal_mode = WAL");
            if (userVersion < SqliteCatalogSchema.SchemaVersion)
            {
                // Each migration runs once, in order, all in one transaction: a store is at one schema version or another.
                using var transaction = connection.BeginTransaction();
                for (var version = userVersion + 1; version <= SqliteCatalogSchema.SchemaVersion; version++)
                {
                    SqliteCommands.Execute(connection, transaction, SqliteCatalogSchema.Migrations[version - 1]);
                }

                SqliteCommands.Execute(connection, transaction, $"PRAGMA application_id = {SqliteCatalogSchema.ApplicationId}");
                SqliteCommands.Execute(connection, transaction, $"PRAGMA user_version = {SqliteCatalogSchema.SchemaVersion}");
                transaction.Commit();
            }

            return true;
        }
        catch (SqliteException ex)
        {
            throw OpenFailed(ex, _path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PersonalizationException(
                DiagnosticIds.StoreUnreadable,
                $"The store at PersonalizationOptions.StorePath '{_path}' cannot be created or opened ({ex.Message}). Check that the folder exists and the app may write to it.",
                ex);
        }
    }

    /// <summary>How long a write waits for its turn (and SQLite for another process's lock) unless its caller has less time.</summary>
    internal static TimeSpan DefaultWriteWait { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Opens a connection to the store (creating or upgrading it first), for the other tables' classes in this namespace.</summary>
    internal SqliteConnection OpenConnection() => Connect();

    /// <summary>Begins a write transaction in this file's writer turn, waiting at most <paramref name="wait"/> (default <see cref="DefaultWriteWait"/>).</summary>
    internal SqliteWrite BeginWrite(TimeSpan? wait = null) => SqliteWrite.Begin(_writes, Connect, wait ?? DefaultWriteWait);

    /// <summary>Now, as the store writes times: ISO 8601 in UTC, which sorts as text.</summary>
    internal string Timestamp() => Now();

    /// <summary>Appends an audit entry inside a caller's transaction.</summary>
    internal void Audit(SqliteConnection connection, SqliteTransaction transaction, string action, string actor, string? pluginId, int? version, string? reason)
        => AuditEntryIn(connection, transaction, action, actor, pluginId, version, reason);

    private SqliteConnection Connect()
    {
        EnsureOpen();
        if (_damage is { } damage)
        {
            throw new PersonalizationException(damage.DiagnosticId, damage.Message, damage);
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private void AuditEntryIn(SqliteConnection connection, SqliteTransaction transaction, string action, string actor, string? pluginId, int? version, string? reason)
        => SqliteCommands.Execute(connection, transaction,
            "INSERT INTO audit_log (at, action, actor, plugin_id, version, reason) VALUES ($at, $action, $actor, $id, $v, $reason)",
            ("$at", Now()), ("$action", action), ("$actor", actor), ("$id", pluginId), ("$v", version), ("$reason", reason));

    private List<PluginVersionInfo> Query(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        List<PluginVersionInfo> rows;
        List<(PluginVersionKey Key, string Status, string Problem)> unreadable;
        using (var command = SqliteCommands.Command(connection, null, sql, parameters))
        using (var reader = command.ExecuteReader())
        {
            (rows, unreadable) = VersionRow.ReadAll(reader, static (r, i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture));
        }

        // One damaged row must not stop the rest of the catalog from loading.
        foreach (var (key, status, problem) in unreadable)
        {
            VersionRow.Quarantine(this, key, status, problem);
        }

        return rows;
    }
}
