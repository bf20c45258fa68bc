using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;

namespace PersonalApp.Storage;

/// <summary>
/// The embedded catalog: one SQLite file holding requests, immutable plugin versions (source, DLL, PDB, SHA-256)
/// and an append-only audit log. Every change of state is written with its audit entry in one transaction.
/// Immutability and append-only are enforced by triggers in the database, not only by this class.
/// </summary>
internal sealed class PluginStore
{
    /// <summary>Marks the file as PersonalApp's (PRAGMA application_id), so another app's database is never written to.</summary>
    internal const int ApplicationId = 0x50415031; // "PAP1"
    /// <summary>The schema this code writes: the number of migrations below.</summary>
    internal static int SchemaVersion => Migrations.Count;

    private const string VersionColumns =
        "plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, sha256, type_name, model_id, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at, decided_by, decision_reason, " +
        "capabilities, granted_capabilities, apis, contract_fingerprint, assembly_name, placement, verification";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lazy<bool> _opened;

    public PluginStore(IOptions<PersonalizationOptions> options, TimeProvider time)
    {
        _path = System.IO.Path.GetFullPath(options.Value.StorePath);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _opened = new Lazy<bool>(Open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path => _path;

    /// <summary>Creates or checks the database once; throws <see cref="PersonalizationException"/> for a file it must not touch.</summary>
    public void EnsureOpen() => _ = _opened.Value;

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "INSERT INTO requests (id, user_id, wish, extension_point, plugin_id, status, created_at, updated_at) VALUES ($id, $user, $wish, $ep, $plugin, 'running', $now, $now)",
            ("$id", requestId), ("$user", userId), ("$wish", wish), ("$ep", extensionPoint), ("$plugin", pluginId), ("$now", Now()));
        Audit(connection, transaction, AuditActions.Requested, userId, pluginId, null, extensionPoint is null ? null : $"extension point {extensionPoint}");
        transaction.Commit();
    }

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            "UPDATE requests SET status = 'failed', last_source = $source, diagnostics = $diag, repair_rounds = $rounds, input_tokens = $in, output_tokens = $out, updated_at = $now WHERE id = $id",
            ("$id", requestId), ("$source", lastSource), ("$diag", JsonSerializer.Serialize(diagnostics, Json)), ("$rounds", repairRounds), ("$in", inputTokens), ("$out", outputTokens), ("$now", Now()));
        Audit(connection, transaction, AuditActions.RequestFailed, userId, pluginId, null, string.Join("; ", diagnostics.Take(3).Select(d => d.ToString())));
        transaction.Commit();
    }

    /// <summary>Stores a new immutable version (number = last + 1) as pending approval, and closes its request.</summary>
    public PluginVersionKey InsertVersion(NewPluginVersion version)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var next = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) + 1 FROM plugin_versions WHERE plugin_id = $id", ("$id", version.PluginId)), CultureInfo.InvariantCulture);
        var now = Now();
        Execute(connection, transaction,
            "INSERT INTO plugin_versions (plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, assembly_name, type_name, dll, pdb, sha256, model_id, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at, capabilities, apis, contract_fingerprint, verification) " +
            "VALUES ($id, $v, $req, $ep, $contract, $owner, $wish, $status, $source, $asm, $type, $dll, $pdb, $sha, $model, $rounds, $in, $out, $diag, $now, $now, $caps, $apis, $fingerprint, $verification)",
            ("$id", version.PluginId), ("$v", next), ("$req", version.RequestId), ("$ep", version.ExtensionPoint), ("$contract", version.ContractType),
            ("$owner", version.Owner), ("$wish", version.Wish), ("$status", nameof(PluginStatus.PendingApproval)), ("$source", version.Source),
            ("$asm", version.Compiled.AssemblyName), ("$type", version.Compiled.TypeName), ("$dll", version.Compiled.Dll), ("$pdb", version.Compiled.Pdb),
            ("$sha", version.Compiled.Sha256), ("$model", version.ModelId), ("$rounds", version.RepairRounds), ("$in", version.InputTokens),
            ("$out", version.OutputTokens), ("$diag", JsonSerializer.Serialize(version.Diagnostics, Json)), ("$now", now),
            ("$caps", JsonSerializer.Serialize(version.Compiled.Capabilities, Json)), ("$apis", JsonSerializer.Serialize(version.Compiled.Apis, Json)), ("$fingerprint", version.ContractFingerprint),
            ("$verification", JsonSerializer.Serialize(version.Verification, Json)));
        Execute(connection, transaction,
            "UPDATE requests SET status = 'pending-approval', plugin_id = $id, version = $v, repair_rounds = $rounds, input_tokens = $in, output_tokens = $out, updated_at = $now WHERE id = $req",
            ("$id", version.PluginId), ("$v", next), ("$req", version.RequestId), ("$rounds", version.RepairRounds), ("$in", version.InputTokens), ("$out", version.OutputTokens), ("$now", now));
        Audit(connection, transaction, AuditActions.Generated, version.Owner, version.PluginId, next, $"sha256 {version.Compiled.Sha256}");
        transaction.Commit();
        return new PluginVersionKey(version.PluginId, next);
    }

    public PluginVersionInfo? GetVersion(PluginVersionKey key)
    {
        using var connection = Connect();
        return Query(connection, $"SELECT {VersionColumns} FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)).FirstOrDefault();
    }

    /// <summary>The newest version of a plugin, whatever its status.</summary>
    public PluginVersionInfo? GetLatest(string pluginId)
    {
        using var connection = Connect();
        return Query(connection, $"SELECT {VersionColumns} FROM plugin_versions WHERE plugin_id = $id ORDER BY version DESC LIMIT 1", ("$id", pluginId)).FirstOrDefault();
    }

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status)
    {
        using var connection = Connect();
        return status is { } s
            ? Query(connection, $"SELECT {VersionColumns} FROM plugin_versions WHERE status = $s ORDER BY created_at, plugin_id, version", ("$s", s.ToString()))
            : Query(connection, $"SELECT {VersionColumns} FROM plugin_versions ORDER BY created_at, plugin_id, version");
    }

    public PluginImage? GetImage(PluginVersionKey key)
    {
        using var connection = Connect();
        using var command = Command(connection, null, "SELECT assembly_name, dll, pdb, sha256 FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new PluginImage(reader.GetString(0), (byte[])reader[1], (byte[])reader[2], reader.GetString(3)) : null;
    }

    /// <summary>
    /// Moves a version from one of <paramref name="from"/> to <paramref name="to"/> with its audit entry, in one transaction.
    /// Approving also supersedes the plugin's previously active version. Returns the versions that were superseded.
    /// </summary>
    public IReadOnlyList<PluginVersionKey> Transition(PluginVersionKey key, PluginStatus[] from, PluginStatus to, string action, string actor, string? reason)
        => Transition(key, from, to, action, actor, reason, grantedCapabilities: null);

    /// <summary>As the shorter overload, storing the placement chosen at approval as well.</summary>
    public IReadOnlyList<PluginVersionKey> Transition(PluginVersionKey key, PluginStatus[] from, PluginStatus to, string action, string actor, string? reason, Runtime.PluginPlacement placement)
        => Transition(key, from, to, action, actor, reason, grantedCapabilities: null, placement);

    /// <summary>
    /// As <see cref="Transition(PluginVersionKey, PluginStatus[], PluginStatus, string, string, string?)"/>, and, when
    /// <paramref name="grantedCapabilities"/> is given, stores them as the version's grants with their own audit entry.
    /// </summary>
    public IReadOnlyList<PluginVersionKey> Transition(PluginVersionKey key, PluginStatus[] from, PluginStatus to, string action, string actor, string? reason, IReadOnlyList<string>? grantedCapabilities, Runtime.PluginPlacement? placement = null)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var current = Scalar(connection, transaction, "SELECT status FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)) as string
            ?? throw new PersonalizationException(DiagnosticIds.VersionNotFound, $"There is no plugin version {key}. List versions with IPluginApprovals.ListAsync to find the right one.");
        var status = Enum.Parse<PluginStatus>(current);
        if (!from.Contains(status))
        {
            throw new PersonalizationException(
                DiagnosticIds.InvalidTransition,
                $"Plugin version {key} is {status}, so it cannot be {action}; only a version that is {string.Join(" or ", from)} can.");
        }

        var now = Now();
        var superseded = new List<PluginVersionKey>();
        if (to == PluginStatus.Active)
        {
            using (var command = Command(connection, transaction, "SELECT version FROM plugin_versions WHERE plugin_id = $id AND status = 'Active' AND version <> $v", ("$id", key.PluginId), ("$v", key.Version)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    superseded.Add(key with { Version = reader.GetInt32(0) });
                }
            }

            foreach (var old in superseded)
            {
                Execute(connection, transaction, "UPDATE plugin_versions SET status = 'Superseded', updated_at = $now WHERE plugin_id = $id AND version = $v",
                    ("$id", old.PluginId), ("$v", old.Version), ("$now", now));
                Audit(connection, transaction, AuditActions.Superseded, actor, old.PluginId, old.Version, $"replaced by v{key.Version}");
            }
        }

        Execute(connection, transaction,
            "UPDATE plugin_versions SET status = $to, decided_by = $actor, decision_reason = $reason, updated_at = $now, placement = COALESCE($placement, placement) WHERE plugin_id = $id AND version = $v",
            ("$to", to.ToString()), ("$actor", actor), ("$reason", reason), ("$now", now), ("$id", key.PluginId), ("$v", key.Version), ("$placement", placement?.ToString()));
        Audit(connection, transaction, action, actor, key.PluginId, key.Version, reason);
        if (grantedCapabilities is not null)
        {
            Execute(connection, transaction, "UPDATE plugin_versions SET granted_capabilities = $granted WHERE plugin_id = $id AND version = $v",
                ("$granted", JsonSerializer.Serialize(grantedCapabilities, Json)), ("$id", key.PluginId), ("$v", key.Version));
            var requested = JsonSerializer.Deserialize<List<string>>(
                Scalar(connection, transaction, "SELECT capabilities FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)) as string ?? "[]", Json) ?? [];
            var withheld = requested.Except(grantedCapabilities, StringComparer.Ordinal).ToList();
            Audit(connection, transaction, AuditActions.CapabilitiesGranted, actor, key.PluginId, key.Version,
                $"granted: {(grantedCapabilities.Count == 0 ? "none" : string.Join(", ", grantedCapabilities))}{(withheld.Count == 0 ? string.Empty : "; not granted: " + string.Join(", ", withheld))}");
        }

        transaction.Commit();
        return superseded;
    }

    /// <summary>Who gets a plugin besides its owner (the owner only when no admin promoted it).</summary>
    public PluginAudience GetAudience(string pluginId)
    {
        using var connection = Connect();
        return PluginAudience.Parse(Scalar(connection, null, "SELECT audience FROM plugin_audiences WHERE plugin_id = $id", ("$id", pluginId)) as string);
    }

    /// <summary>Changes who gets a plugin, with its audit entry, in one transaction.</summary>
    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var before = PluginAudience.Parse(Scalar(connection, transaction, "SELECT audience FROM plugin_audiences WHERE plugin_id = $id", ("$id", pluginId)) as string);
        Execute(connection, transaction,
            "INSERT INTO plugin_audiences (plugin_id, audience, changed_by, changed_at) VALUES ($id, $audience, $actor, $now) " +
            "ON CONFLICT (plugin_id) DO UPDATE SET audience = excluded.audience, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            ("$id", pluginId), ("$audience", audience.ToString()), ("$actor", actor), ("$now", Now()));
        Audit(connection, transaction, AuditActions.Promoted, actor, pluginId, version, $"from {before} to {audience}: {reason}");
        transaction.Commit();
    }

    /// <summary>Records that a version was compiled and checked again against changed host assemblies, and passed.</summary>
    public void RecordRecheck(PluginVersionKey key, string fingerprint)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var before = Scalar(connection, transaction, "SELECT contract_fingerprint FROM plugin_versions WHERE plugin_id = $id AND version = $v", ("$id", key.PluginId), ("$v", key.Version)) as string;
        Execute(connection, transaction, "UPDATE plugin_versions SET contract_fingerprint = $fp WHERE plugin_id = $id AND version = $v",
            ("$fp", fingerprint), ("$id", key.PluginId), ("$v", key.Version));
        Audit(connection, transaction, AuditActions.Rechecked, AuditActions.SystemActor, key.PluginId, key.Version,
            before is null ? "checked against the host's contract as it is now: passes" : "the host's contract changed; compiled and checked again: passes");
        transaction.Commit();
    }

    /// <summary>The tokens (input and output) requests created since <paramref name="since"/> recorded: one user's, or everyone's.</summary>
    public long TokensUsedSince(DateTimeOffset since, string? userId)
    {
        using var connection = Connect();
        var start = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        return Convert.ToInt64(
            userId is null
                ? Scalar(connection, null, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM requests WHERE created_at >= $start", ("$start", start))
                : Scalar(connection, null, "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM requests WHERE user_id = $user AND created_at >= $start", ("$user", userId), ("$start", start)),
            CultureInfo.InvariantCulture);
    }

    /// <summary>Records a request answered by an approved plugin instead of the model, and the tokens that saved, with its audit entry.</summary>
    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var now = Now();
        Execute(connection, transaction,
            "INSERT INTO requests (id, user_id, wish, extension_point, plugin_id, version, status, reused_plugin_id, reused_version, tokens_saved, created_at, updated_at) " +
            "VALUES ($id, $user, $wish, $ep, NULL, NULL, 'reused', $plugin, $v, $saved, $now, $now)",
            ("$id", requestId), ("$user", userId), ("$wish", wish), ("$ep", extensionPoint), ("$plugin", reused.PluginId), ("$v", reused.Version), ("$saved", tokensSaved), ("$now", now));
        Audit(connection, transaction, AuditActions.Reused, userId, reused.PluginId, reused.Version, $"offered for \"{wish}\" ({how}); about {tokensSaved:N0} tokens saved");
        transaction.Commit();
    }

    /// <summary>The tokens saved by reuse since <paramref name="since"/>: one user's, or everyone's.</summary>
    public long TokensSavedSince(DateTimeOffset since, string? userId)
    {
        using var connection = Connect();
        var start = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        return Convert.ToInt64(
            userId is null
                ? Scalar(connection, null, "SELECT COALESCE(SUM(tokens_saved), 0) FROM requests WHERE created_at >= $start", ("$start", start))
                : Scalar(connection, null, "SELECT COALESCE(SUM(tokens_saved), 0) FROM requests WHERE user_id = $user AND created_at >= $start", ("$user", userId), ("$start", start)),
            CultureInfo.InvariantCulture);
    }

    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        Audit(connection, transaction, action, actor, pluginId, version, reason);
        transaction.Commit();
    }

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId)
    {
        using var connection = Connect();
        using var command = pluginId is null
            ? Command(connection, null, "SELECT seq, at, action, actor, plugin_id, version, reason FROM audit_log ORDER BY seq")
            : Command(connection, null, "SELECT seq, at, action, actor, plugin_id, version, reason FROM audit_log WHERE plugin_id = $id ORDER BY seq", ("$id", pluginId));
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

    private bool Open()
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            var applicationId = Convert.ToInt32(Scalar(connection, null, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var userVersion = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            var tables = Convert.ToInt32(Scalar(connection, null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), CultureInfo.InvariantCulture);
            if (applicationId != ApplicationId && (applicationId != 0 || tables > 0))
            {
                throw new PersonalizationException(
                    DiagnosticIds.StoreUnreadable,
                    $"The file at PersonalizationOptions.StorePath '{_path}' is a SQLite database of another application. Nothing was changed. Point StorePath at a new file or at PersonalApp's own database.");
            }

            if (userVersion > SchemaVersion)
            {
                throw new PersonalizationException(
                    DiagnosticIds.StoreSchemaNewer,
                    $"The store at '{_path}' has schema version {userVersion}, newer than this PersonalApp understands ({SchemaVersion}). Nothing was changed. Upgrade PersonalApp, or restore a backup made by this version.");
            }

            var check = Scalar(connection, null, "PRAGMA quick_check") as string;
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new PersonalizationException(
                    DiagnosticIds.StoreUnreadable,
                    $"The store at '{_path}' failed SQLite's integrity check ({check}). Nothing was changed. Restore it from a backup, or move it aside and start with a new file.");
            }

            Execute(connection, null, "PRAGMA journal_mode = WAL");
            if (userVersion < SchemaVersion)
            {
                // Each migration runs once, in order, all in one transaction: a store is at one schema version or another.
                using var transaction = connection.BeginTransaction();
                for (var version = userVersion + 1; version <= SchemaVersion; version++)
                {
                    Execute(connection, transaction, Migrations[version - 1]);
                }

                Execute(connection, transaction, $"PRAGMA application_id = {ApplicationId}");
                Execute(connection, transaction, $"PRAGMA user_version = {SchemaVersion}");
                transaction.Commit();
            }

            return true;
        }
        catch (SqliteException ex)
        {
            throw new PersonalizationException(
                DiagnosticIds.StoreUnreadable,
                $"The store at PersonalizationOptions.StorePath '{_path}' cannot be opened as a SQLite database ({ex.Message.TrimEnd('.')}). Nothing was changed. Restore it from a backup, or move it aside and start with a new file.",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PersonalizationException(
                DiagnosticIds.StoreUnreadable,
                $"The store at PersonalizationOptions.StorePath '{_path}' cannot be created or opened ({ex.Message}). Check that the folder exists and the app may write to it.",
                ex);
        }
    }

    /// <summary>Opens a connection to the store (creating or upgrading it first), for the other tables' classes in this namespace.</summary>
    internal SqliteConnection OpenConnection() => Connect();

    /// <summary>Now, as the store writes times: ISO 8601 in UTC, which sorts as text.</summary>
    internal string Timestamp() => Now();

    /// <summary>Appends an audit entry inside a caller's transaction.</summary>
    internal void Audit(SqliteConnection connection, SqliteTransaction transaction, string action, string actor, string? pluginId, int? version, string? reason)
        => AuditEntryIn(connection, transaction, action, actor, pluginId, version, reason);

    private SqliteConnection Connect()
    {
        EnsureOpen();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private void AuditEntryIn(SqliteConnection connection, SqliteTransaction transaction, string action, string actor, string? pluginId, int? version, string? reason)
        => Execute(connection, transaction,
            "INSERT INTO audit_log (at, action, actor, plugin_id, version, reason) VALUES ($at, $action, $actor, $id, $v, $reason)",
            ("$at", Now()), ("$action", action), ("$actor", actor), ("$id", pluginId), ("$v", version), ("$reason", reason));

    private static List<PluginVersionInfo> Query(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        using var reader = command.ExecuteReader();
        var result = new List<PluginVersionInfo>();
        while (reader.Read())
        {
            result.Add(new PluginVersionInfo
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
                Diagnostics = JsonSerializer.Deserialize<List<PersonalizationDiagnostic>>(reader.GetString(15), Json) ?? [],
                CreatedAt = DateTimeOffset.Parse(reader.GetString(16), CultureInfo.InvariantCulture),
                UpdatedAt = DateTimeOffset.Parse(reader.GetString(17), CultureInfo.InvariantCulture),
                DecidedBy = reader.IsDBNull(18) ? null : reader.GetString(18),
                DecisionReason = reader.IsDBNull(19) ? null : reader.GetString(19),
                RequestedCapabilities = JsonSerializer.Deserialize<List<string>>(reader.GetString(20), Json) ?? [],
                GrantedCapabilities = JsonSerializer.Deserialize<List<string>>(reader.GetString(21), Json) ?? [],
                ApisUsed = JsonSerializer.Deserialize<List<ApiUsage>>(reader.GetString(22), Json) ?? [],
                ContractFingerprint = reader.IsDBNull(23) ? null : reader.GetString(23),
                AssemblyName = reader.GetString(24),
                Placement = reader.IsDBNull(25) ? null : Enum.Parse<Runtime.PluginPlacement>(reader.GetString(25)),
                Verification = JsonSerializer.Deserialize<List<Verification.VerificationCheck>>(reader.GetString(26), Json) ?? [],
            });
        }

        return result;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    internal static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>The schema's migrations: entry N takes a store from version N to N + 1. Append; never edit a shipped one.</summary>
    internal static readonly IReadOnlyList<string> Migrations =
    [
        Schema,

        // 2: where an approved version runs (InProcess or Isolated), chosen by the admin at approval.
        "ALTER TABLE plugin_versions ADD COLUMN placement TEXT;",

        // 3: capabilities. Each version's manifest and the APIs its code uses (fixed at generation, like its source), the
        // capabilities the admin granted; the plugins' own data; and capability use counted per plugin, capability and day.
        """
        ALTER TABLE plugin_versions ADD COLUMN capabilities TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE plugin_versions ADD COLUMN apis TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE plugin_versions ADD COLUMN granted_capabilities TEXT NOT NULL DEFAULT '[]';
        CREATE TRIGGER plugin_versions_manifest_immutable BEFORE UPDATE OF capabilities, apis ON plugin_versions
        BEGIN SELECT RAISE(ABORT, 'plugin versions are immutable: create a new version instead'); END;
        CREATE TABLE plugin_data (
            plugin_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (plugin_id, user_id, key)
        );
        CREATE TABLE capability_usage (
            plugin_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            capability TEXT NOT NULL,
            day TEXT NOT NULL,
            uses INTEGER NOT NULL DEFAULT 0,
            refused INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (plugin_id, version, capability, day)
        );
        """,

        // 4: scope. Who besides its owner gets a plugin: everyone, or a named group; set by an admin's promotion.
        """
        CREATE TABLE plugin_audiences (
            plugin_id TEXT PRIMARY KEY,
            audience TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        """,

        // 5: the host assemblies (contract and PersonalApp.Abstractions) a version was last checked against, so a changed
        // contract is noticed at start-up and the version re-checked before it loads.
        "ALTER TABLE plugin_versions ADD COLUMN contract_fingerprint TEXT;",

        // 6: reuse and cost. A request answered by an approved plugin instead of the model, the tokens that saved, and an
        // index for the per-user, per-day token budgets.
        """
        ALTER TABLE requests ADD COLUMN reused_plugin_id TEXT;
        ALTER TABLE requests ADD COLUMN reused_version INTEGER;
        ALTER TABLE requests ADD COLUMN tokens_saved INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX requests_user_created ON requests(user_id, created_at);
        CREATE INDEX requests_created ON requests(created_at);
        """,

        // 7: the checks run against a version before it was stored (JSON), as the approval packet shows them.
        """
        ALTER TABLE plugin_versions ADD COLUMN verification TEXT NOT NULL DEFAULT '[]';
        CREATE TRIGGER plugin_versions_verification_immutable BEFORE UPDATE OF verification ON plugin_versions
        BEGIN SELECT RAISE(ABORT, 'plugin versions are immutable: create a new version instead'); END;
        """,
    ];

    private const string Schema = """
        CREATE TABLE requests (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            wish TEXT NOT NULL,
            extension_point TEXT,
            plugin_id TEXT,
            version INTEGER,
            status TEXT NOT NULL,
            last_source TEXT,
            diagnostics TEXT,
            repair_rounds INTEGER NOT NULL DEFAULT 0,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE plugin_versions (
            plugin_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            request_id TEXT NOT NULL REFERENCES requests(id),
            extension_point TEXT NOT NULL,
            contract_type TEXT NOT NULL,
            owner TEXT NOT NULL,
            wish TEXT NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            assembly_name TEXT NOT NULL,
            type_name TEXT NOT NULL,
            dll BLOB NOT NULL,
            pdb BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            model_id TEXT,
            repair_rounds INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            diagnostics TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            decided_by TEXT,
            decision_reason TEXT,
            PRIMARY KEY (plugin_id, version)
        );
        CREATE INDEX plugin_versions_status ON plugin_versions(status);
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            plugin_id TEXT,
            version INTEGER,
            reason TEXT
        );
        CREATE INDEX audit_log_plugin ON audit_log(plugin_id);
        CREATE TRIGGER plugin_versions_immutable BEFORE UPDATE OF plugin_id, version, request_id, extension_point, contract_type, owner, wish, source, assembly_name, type_name, dll, pdb, sha256, created_at ON plugin_versions
        BEGIN SELECT RAISE(ABORT, 'plugin versions are immutable: create a new version instead'); END;
        CREATE TRIGGER plugin_versions_kept BEFORE DELETE ON plugin_versions
        BEGIN SELECT RAISE(ABORT, 'plugin versions are kept for the audit trail: revoke instead of deleting'); END;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;
}
