namespace PersonalApp.Sqlite;

/// <summary>The embedded catalog's schema: its migrations, in order, and the marks that say a file is PersonalApp's.</summary>
internal static class SqliteCatalogSchema
{
    /// <summary>Marks the file as PersonalApp's (PRAGMA application_id), so another app's database is never written to.</summary>
    internal const int ApplicationId = 0x50415031; // "PAP1"

    /// <summary>Gets the schema this code writes: the number of migrations.</summary>
    internal static int SchemaVersion => Migrations.Count;

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

        // 8: at most one active version per plugin, whatever the code does: two admins approving two versions at once,
        // with no active version for their compare-and-set to collide on, cannot both win (PostgreSQL has the same index).
        "CREATE UNIQUE INDEX plugin_versions_one_active ON plugin_versions(plugin_id) WHERE status = 'Active';",

        // 9: start-up's listing (ListActiveForLoading) from an index alone. The DLL and PDB are stored before sha256 and the
        // later columns, so reading those from the table walks each row's blob pages: 160 MB at 10,000 plugins. This
        // covering index holds, for the active versions only, every column the listing reads, in the listing's order.
        $"CREATE INDEX plugin_versions_loading ON plugin_versions(created_at, plugin_id, version, {LoadingIndexColumns}) WHERE status = 'Active';",
    ];

    /// <summary>The columns the loading listing reads besides its order (created_at, plugin_id, version).</summary>
    internal const string LoadingIndexColumns =
        "status, request_id, extension_point, contract_type, owner, wish, sha256, type_name, model_id, repair_rounds, input_tokens, output_tokens, updated_at, " +
        "decided_by, decision_reason, capabilities, granted_capabilities, contract_fingerprint, assembly_name, placement";

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
