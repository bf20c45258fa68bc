namespace PersonalApp.PostgreSql;

/// <summary>
/// The shared catalog's schema: the same tables and rules as the embedded SQLite catalog, in a PostgreSQL schema of its
/// own (so a host may give PersonalApp a schema in its application database). <c>{s}</c> stands for the quoted schema name.
/// </summary>
internal static class PostgresCatalogSchema
{
    /// <summary>Marks a schema as PersonalApp's (the value SQLite's PRAGMA application_id holds), so another app's tables are never written to.</summary>
    internal const int ApplicationId = 0x50415031; // "PAP1"

    /// <summary>Gets the schema this code writes: the number of migrations.</summary>
    internal static int SchemaVersion => Migrations.Count;

    /// <summary>The migrations: entry N takes a schema from version N to N + 1. Append; never edit a shipped one.</summary>
    internal static readonly IReadOnlyList<string> Migrations =
    [
        // 1: SQLite's schema 7 in one step: requests, immutable versions, the append-only audit log, the plugins' data,
        // capability usage and audiences. Triggers make immutability and append-only the database's rule, not only ours.
        """
        CREATE TABLE {s}.requests (
            id text PRIMARY KEY,
            user_id text NOT NULL,
            wish text NOT NULL,
            extension_point text,
            plugin_id text,
            version integer,
            status text NOT NULL,
            last_source text,
            diagnostics text,
            repair_rounds integer NOT NULL DEFAULT 0,
            input_tokens bigint NOT NULL DEFAULT 0,
            output_tokens bigint NOT NULL DEFAULT 0,
            reused_plugin_id text,
            reused_version integer,
            tokens_saved bigint NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX requests_user_created ON {s}.requests (user_id, created_at);
        CREATE INDEX requests_created ON {s}.requests (created_at);

        CREATE TABLE {s}.plugin_versions (
            plugin_id text NOT NULL,
            version integer NOT NULL,
            request_id text NOT NULL REFERENCES {s}.requests (id),
            extension_point text NOT NULL,
            contract_type text NOT NULL,
            owner text NOT NULL,
            wish text NOT NULL,
            status text NOT NULL,
            source text NOT NULL,
            assembly_name text NOT NULL,
            type_name text NOT NULL,
            dll bytea NOT NULL,
            pdb bytea NOT NULL,
            sha256 text NOT NULL,
            model_id text,
            repair_rounds integer NOT NULL,
            input_tokens bigint NOT NULL,
            output_tokens bigint NOT NULL,
            diagnostics text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            decided_by text,
            decision_reason text,
            placement text,
            capabilities text NOT NULL DEFAULT '[]',
            apis text NOT NULL DEFAULT '[]',
            granted_capabilities text NOT NULL DEFAULT '[]',
            contract_fingerprint text,
            verification text NOT NULL DEFAULT '[]',
            PRIMARY KEY (plugin_id, version)
        );
        CREATE INDEX plugin_versions_status ON {s}.plugin_versions (status);
        -- At most one active version per plugin, whatever the code does: two admins approving two versions at once, with
        -- no active version for their compare-and-set to collide on, still cannot both win.
        CREATE UNIQUE INDEX plugin_versions_one_active ON {s}.plugin_versions (plugin_id) WHERE status = 'Active';

        CREATE TABLE {s}.audit_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            action text NOT NULL,
            actor text NOT NULL,
            plugin_id text,
            version integer,
            reason text
        );
        CREATE INDEX audit_log_plugin ON {s}.audit_log (plugin_id);

        CREATE TABLE {s}.plugin_data (
            plugin_id text NOT NULL,
            user_id text NOT NULL,
            key text NOT NULL,
            value text NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (plugin_id, user_id, key)
        );

        CREATE TABLE {s}.capability_usage (
            plugin_id text NOT NULL,
            version integer NOT NULL,
            capability text NOT NULL,
            day date NOT NULL,
            uses bigint NOT NULL DEFAULT 0,
            refused bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (plugin_id, version, capability, day)
        );

        CREATE TABLE {s}.plugin_audiences (
            plugin_id text PRIMARY KEY,
            audience text NOT NULL,
            changed_by text NOT NULL,
            changed_at timestamptz NOT NULL
        );

        CREATE FUNCTION {s}.refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'plugin versions are immutable: create a new version instead'; END $$;
        CREATE FUNCTION {s}.refuse_version_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'plugin versions are kept for the audit trail: revoke instead of deleting'; END $$;
        CREATE FUNCTION {s}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;

        CREATE TRIGGER plugin_versions_immutable BEFORE UPDATE OF plugin_id, version, request_id, extension_point, contract_type, owner, wish, source,
            assembly_name, type_name, dll, pdb, sha256, created_at, capabilities, apis, verification ON {s}.plugin_versions
            FOR EACH ROW EXECUTE FUNCTION {s}.refuse_version_change();
        CREATE TRIGGER plugin_versions_kept BEFORE DELETE ON {s}.plugin_versions FOR EACH ROW EXECUTE FUNCTION {s}.refuse_version_delete();
        CREATE TRIGGER plugin_versions_not_truncated BEFORE TRUNCATE ON {s}.plugin_versions FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_version_delete();
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {s}.audit_log FOR EACH ROW EXECUTE FUNCTION {s}.refuse_audit_change();
        CREATE TRIGGER audit_log_not_truncated BEFORE TRUNCATE ON {s}.audit_log FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_audit_change();
        """,
    ];

    /// <summary>The table that says a schema is PersonalApp's and at which version: SQLite's application_id and user_version.</summary>
    internal const string SchemaTable = """
        CREATE TABLE IF NOT EXISTS {s}.personalapp_schema (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            application_id integer NOT NULL,
            version integer NOT NULL,
            migrated_at timestamptz NOT NULL
        );
        """;
}
