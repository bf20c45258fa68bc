using Npgsql;
using PersonalApp.Catalog;
using PersonalApp.PostgreSql;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Catalog;

/// <summary>The catalog's contract on the PostgreSQL catalog: a schema of its own per test, dropped afterwards.</summary>
public sealed class PostgresCatalogContractTests : CatalogContractTests
{
    private readonly string _schema = TestPostgres.NewSchema();
    private PostgresCatalogDatabase? _db;

    public override void Dispose()
    {
        if (_db is not null)
        {
            _db.Dispose();
            TestPostgres.DropSchema(_schema);
        }
    }

    protected override string ByteLiteral => "'\\x00'::bytea";

    private protected override IPluginCatalog CreateCatalog() => new PostgresPluginCatalog(Database());

    private protected override IPluginDataStore CreateDataStore() => new PostgresPluginDataStore(Database());

    private protected override ICapabilityUsageStore CreateUsageStore() => new PostgresCapabilityUsageStore(Database());

    protected override void RawExecute(string sql) => TestPostgres.Execute(_schema, sql);

    protected override IDisposable HoldDataWriteLock(string pluginId, string userId)
    {
        // Another node writing the same user's data: its transaction holds the (plugin, user) advisory lock.
        var connection = new NpgsqlConnection(TestPostgres.RequireServer());
        connection.Open();
        var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", connection, transaction);
        command.Parameters.AddWithValue("k", PostgresPluginDataStore.LockKey(_schema, pluginId, userId));
        command.ExecuteNonQuery();
        return connection;
    }

    private PostgresCatalogDatabase Database()
    {
        if (_db is null)
        {
            var connectionString = TestPostgres.RequireServer();
            _db = new PostgresCatalogDatabase(NpgsqlDataSource.Create(connectionString), ownsDataSource: true, new PostgresCatalogOptions { Schema = _schema }, Time);
            _db.EnsureOpen();
        }

        return _db;
    }
}
