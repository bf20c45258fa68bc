using System.Globalization;
using Npgsql;

namespace PersonalApp.PostgreSql;

/// <summary>
/// The shared catalog's database: where it is, its connections, and its schema, created or upgraded once per process
/// under an advisory lock so that nodes starting together migrate one after the other.
/// </summary>
internal sealed class PostgresCatalogDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _time;
    private readonly Lock _openLock = new();
    private volatile bool _opened;

    public PostgresCatalogDatabase(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresCatalogOptions options, TimeProvider time)
    {
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _time = time;
        Options = options;
        Schema = options.Schema;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Location = $"PostgreSQL {builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{builder.Database}, schema {Schema}";
    }

    /// <summary>Gets the options in force.</summary>
    public PostgresCatalogOptions Options { get; }

    /// <summary>Gets the schema that holds the catalog (a checked plain name, safe to place in SQL).</summary>
    public string Schema { get; }

    /// <summary>Gets where the catalog lives, without any password.</summary>
    public string Location { get; }

    /// <summary>Gets the channel every change of state is announced on (NOTIFY) and every node listens to.</summary>
    public string Channel => "personalapp_" + Schema;

    /// <summary>Puts the schema's name in a statement: <c>{s}</c> becomes the quoted schema.</summary>
    public string Sql(string text) => text.Replace("{s}", "\"" + Schema + "\"", StringComparison.Ordinal);

    /// <summary>Now, as the catalog stores it: UTC, to the microsecond PostgreSQL keeps.</summary>
    public DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>Opens a connection (from the data source's pool) to a catalog that exists and that this code may use.</summary>
    public NpgsqlConnection Open()
    {
        EnsureOpen();
        return OpenRaw();
    }

    /// <summary>Opens a connection without checking the schema: for the listener, which must not fail because migrations are running.</summary>
    public async ValueTask<NpgsqlConnection> OpenUncheckedAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Creates or upgrades the schema once; throws <see cref="PersonalizationException"/> (PA0601, PA0602) for one it must not touch.</summary>
    public void EnsureOpen()
    {
        if (_opened)
        {
            return;
        }

        // Not a Lazy: a database that was down at the first attempt is tried again at the next.
        lock (_openLock)
        {
            if (_opened)
            {
                return;
            }

            Migrate();
            _opened = true;
        }
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private NpgsqlConnection OpenRaw()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (NpgsqlException ex)
        {
            throw Unreachable(ex);
        }
    }

    private void Migrate()
    {
        using var connection = OpenRaw();
        try
        {
            // Session-level: held across the migration's transaction, released below or when the connection drops.
            PostgresCommands.Execute(connection, null, "SELECT pg_advisory_lock(hashtextextended(@k, 0))", ("k", "personalapp.migrate:" + Schema));
            try
            {
                var (applicationId, version) = ReadMarker(connection);
                if (applicationId is not null && applicationId != PostgresCatalogSchema.ApplicationId)
                {
                    throw new PersonalizationException(
                        DiagnosticIds.StoreUnreadable,
                        $"The schema '{Schema}' at {Location} is marked as another application's (application id {applicationId.Value.ToString(CultureInfo.InvariantCulture)}). Nothing was changed. Give PersonalApp a schema of its own with PostgresCatalogOptions.Schema.");
                }

                if (version > PostgresCatalogSchema.SchemaVersion)
                {
                    throw new PersonalizationException(
                        DiagnosticIds.StoreSchemaNewer,
                        $"The catalog at {Location} has schema version {version.ToString(CultureInfo.InvariantCulture)}, newer than this PersonalApp understands ({PostgresCatalogSchema.SchemaVersion.ToString(CultureInfo.InvariantCulture)}). Nothing was changed. Upgrade PersonalApp on this node (every node of a fleet runs the same version or newer).");
                }

                if (version == PostgresCatalogSchema.SchemaVersion)
                {
                    return;
                }

                // Every migration still to run, and the marker, in one transaction: the schema is at one version or another.
                using var transaction = connection.BeginTransaction();
                PostgresCommands.Execute(connection, transaction, Sql("CREATE SCHEMA IF NOT EXISTS {s}"));
                PostgresCommands.Execute(connection, transaction, Sql(PostgresCatalogSchema.SchemaTable));
                for (var next = version + 1; next <= PostgresCatalogSchema.SchemaVersion; next++)
                {
                    PostgresCommands.Execute(connection, transaction, Sql(PostgresCatalogSchema.Migrations[next - 1]));
                }

                PostgresCommands.Execute(connection, transaction,
                    Sql("INSERT INTO {s}.personalapp_schema (application_id, version, migrated_at) VALUES (@app, @v, @now) ON CONFLICT (one) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at"),
                    ("app", PostgresCatalogSchema.ApplicationId), ("v", PostgresCatalogSchema.SchemaVersion), ("now", Now()));
                transaction.Commit();
            }
            finally
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    PostgresCommands.Execute(connection, null, "SELECT pg_advisory_unlock(hashtextextended(@k, 0))", ("k", "personalapp.migrate:" + Schema));
                }
            }
        }
        catch (PostgresException ex)
        {
            throw new PersonalizationException(
                DiagnosticIds.StoreUnreadable,
                $"The catalog at {Location} cannot be created or checked ({ex.SqlState}: {ex.MessageText}). Nothing was changed. Check that the user may create a schema there, or create the schema '{Schema}' for it.",
                ex);
        }
        catch (NpgsqlException ex)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>The schema's marker, or (null, 0) for a schema that does not exist yet; refuses a schema holding tables without one.</summary>
    private (int? ApplicationId, int Version) ReadMarker(NpgsqlConnection connection)
    {
        var tables = Convert.ToInt64(PostgresCommands.Scalar(connection, null,
            "SELECT COUNT(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @s AND c.relkind IN ('r', 'p', 'v', 'm')",
            ("s", Schema)), CultureInfo.InvariantCulture);
        var hasMarker = PostgresCommands.Scalar(connection, null, "SELECT to_regclass(@t)::text", ("t", "\"" + Schema + "\".personalapp_schema")) is string;
        if (!hasMarker)
        {
            return tables == 0
                ? (null, 0)
                : throw new PersonalizationException(
                    DiagnosticIds.StoreUnreadable,
                    $"The schema '{Schema}' at {Location} holds {tables.ToString(CultureInfo.InvariantCulture)} tables that are not PersonalApp's. Nothing was changed. Give PersonalApp a schema of its own with PostgresCatalogOptions.Schema.");
        }

        using var command = PostgresCommands.Command(connection, null, Sql("SELECT application_id, version FROM {s}.personalapp_schema"));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), reader.GetInt32(1)) : (null, 0);
    }

    private PersonalizationException Unreachable(NpgsqlException ex)
        => new(
            DiagnosticIds.StoreUnreadable,
            $"The catalog at {Location} cannot be reached ({ex.Message.TrimEnd('.')}). Nothing was changed. Check the connection string and that the server is up; this node retries at its next use.",
            ex);
}
