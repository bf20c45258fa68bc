using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Catalog;

/// <summary>The catalog's contract on the embedded SQLite catalog: a file of its own per test.</summary>
public sealed class SqliteCatalogContractTests : CatalogContractTests
{
    private readonly TempDirectory _directory = new();
    private SqlitePluginCatalog? _catalog;

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    protected override string ByteLiteral => "x'00'";

    private protected override IPluginCatalog CreateCatalog() => Catalog();

    private protected override IPluginDataStore CreateDataStore() => new SqlitePluginDataStore(Catalog());

    private protected override ICapabilityUsageStore CreateUsageStore() => new SqliteCapabilityUsageStore(Catalog());

    protected override void RawExecute(string sql) => RawSql.Execute(_directory.StorePath, sql);

    protected override IDisposable HoldDataWriteLock(string pluginId, string userId)
    {
        // SQLite locks the whole file: another process's open write transaction.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.StorePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();
        return connection;
    }

    private SqlitePluginCatalog Catalog()
    {
        if (_catalog is null)
        {
            _catalog = new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath }), Time);
            _catalog.EnsureOpen();
        }

        return _catalog;
    }
}
