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
