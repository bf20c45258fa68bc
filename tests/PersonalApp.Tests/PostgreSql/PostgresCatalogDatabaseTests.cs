using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.PostgreSql;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.PostgreSql;

/// <summary>What only the PostgreSQL catalog does: its schema marker and migrations under an advisory lock, and NOTIFY/LISTEN.</summary>
public sealed class PostgresCatalogDatabaseTests : IDisposable
{
    private readonly string _schema = TestPostgres.NewSchema();
    private readonly List<PostgresCatalogDatabase> _databases = [];

    public void Dispose()
    {
        foreach (var db in _databases)
        {
            db.Dispose();
        }

        if (TestPostgres.SkipReason() is null)
        {
            TestPostgres.DropSchema(_schema);
        }
    }

    [SkippableFact]
    public void EnsureOpen_NewSchema_CreatesItMarkedAsPersonalAppsOwnAtTheLatestVersion()
    {
        var db = Create();

        db.EnsureOpen();

        Assert.Equal(PostgresCatalogSchema.ApplicationId, TestPostgres.Scalar(_schema, "SELECT application_id FROM personalapp_schema"));
        Assert.Equal(PostgresCatalogSchema.SchemaVersion, TestPostgres.Scalar(_schema, "SELECT version FROM personalapp_schema"));
        Assert.Equal(6L, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{_schema}' AND tablename IN ('requests', 'plugin_versions', 'audit_log', 'plugin_data', 'capability_usage', 'plugin_audiences')"));
    }

    [SkippableFact]
    public async Task EnsureOpen_FourNodesStartingAtOnce_MigrateOnceAndAllOpen()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Create()).ToList();
        using var start = new Barrier(nodes.Count);

        await Task.WhenAll(nodes.Select(db => Task.Run(() =>
        {
            start.SignalAndWait();
            db.EnsureOpen();
        })));

        Assert.Equal(PostgresCatalogSchema.SchemaVersion, TestPostgres.Scalar(_schema, "SELECT version FROM personalapp_schema"));
        Assert.Equal(1L, TestPostgres.Scalar(_schema, "SELECT COUNT(*) FROM personalapp_schema"));
    }

    [SkippableFact]
    public void EnsureOpen_SchemaHoldingAnotherApplicationsTables_ThrowsPA0601AndChangesNothing()
    {
        TestPostgres.RequireServer();
        TestPostgres.Execute("public", $"CREATE SCHEMA \"{_schema}\"; CREATE TABLE \"{_schema}\".customers (id int PRIMARY KEY, name text); INSERT INTO \"{_schema}\".customers VALUES (1, 'Ada')");

        var ex = Assert.Throws<PersonalizationException>(Create().EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        Assert.Contains("not PersonalApp's", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, TestPostgres.Scalar(_schema, $"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{_schema}'"));
        Assert.Equal("Ada", TestPostgres.Scalar(_schema, "SELECT name FROM customers"));
    }

    [SkippableFact]
    public void EnsureOpen_SchemaOfANewerVersion_ThrowsPA0602AndChangesNothing()
    {
        Create().EnsureOpen();
        TestPostgres.Execute(_schema, $"UPDATE personalapp_schema SET version = {PostgresCatalogSchema.SchemaVersion + 1}");

        var ex = Assert.Throws<PersonalizationException>(Create().EnsureOpen);

        Assert.Equal("PA0602", ex.DiagnosticId);
        Assert.Contains("Upgrade PersonalApp", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresCatalogSchema.SchemaVersion + 1, TestPostgres.Scalar(_schema, "SELECT version FROM personalapp_schema"));
    }

    [SkippableFact]
    public void EnsureOpen_ServerUnreachable_ThrowsPA0601WithoutThePassword()
    {
        TestPostgres.RequireServer();
        var db = new PostgresCatalogDatabase(NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=app;Password=s3cret-pw;Database=app;Timeout=3"), true, new PostgresCatalogOptions { Schema = _schema }, TimeProvider.System);
        _databases.Add(db);

        var ex = Assert.Throws<PersonalizationException>(db.EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        Assert.Contains("cannot be reached", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Feed_ChangesCommittedOrNot_YieldsEverythingOnConnectThenOnlyCommittedPlugins()
    {
        var db = Create();
        var catalog = new PostgresPluginCatalog(db);
        var v1 = Insert(catalog, "rule-1");
        var v2 = Insert(catalog, "rule-2");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var notices = new PostgresCatalogChangeFeed(db, TimeProvider.System, NullLogger<PostgresCatalogChangeFeed>.Instance).ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await notices.MoveNextAsync());
        Assert.True(notices.Current.IsEverything);
        new PluginLifecycle(catalog).Approve(v1, "manager", null, [], PluginPlacement.InProcess);
        Assert.Throws<CatalogConflictException>(() => catalog.Apply(new CatalogChange([new StatusChange(v2, PluginStatus.Active, PluginStatus.Revoked)], [])));
        catalog.SetAudience("rule-1", 1, PluginAudience.Everyone, "manager", "useful");

        Assert.True(await notices.MoveNextAsync());
        Assert.Equal("rule-1", notices.Current.PluginId);
        Assert.True(await notices.MoveNextAsync());
        Assert.Equal("rule-1", notices.Current.PluginId);
    }

    [SkippableFact]
    public async Task Feed_ListeningConnectionTerminated_ReconnectsAndYieldsEverything()
    {
        var db = Create();
        db.EnsureOpen();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var notices = new PostgresCatalogChangeFeed(db, TimeProvider.System, NullLogger<PostgresCatalogChangeFeed>.Instance).ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await notices.MoveNextAsync());

        TestPostgres.Execute(_schema, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{PostgresCatalogChangeFeed.ApplicationName}'");

        Assert.True(await notices.MoveNextAsync());
        Assert.True(notices.Current.IsEverything);
        var catalog = new PostgresPluginCatalog(db);
        catalog.SetAudience("rule-9", 1, PluginAudience.Everyone, "manager", "after the reconnect");
        Assert.True(await notices.MoveNextAsync());
        Assert.Equal("rule-9", notices.Current.PluginId);
    }

    private PostgresCatalogDatabase Create()
    {
        var db = new PostgresCatalogDatabase(NpgsqlDataSource.Create(TestPostgres.RequireServer()), true, new PostgresCatalogOptions { Schema = _schema }, TimeProvider.System);
        _databases.Add(db);
        return db;
    }

    private static PluginVersionKey Insert(PostgresPluginCatalog catalog, string pluginId)
    {
        byte[] dll = [0x4d, 0x5a, 1, 2, 3];
        var requestId = Guid.NewGuid().ToString("N");
        catalog.InsertRequest(requestId, "anna", "a wish", "TicketPricingRule", pluginId);
        return catalog.InsertVersion(new NewPluginVersion(
            pluginId, requestId, "TicketPricingRule", typeof(ITicketPricingRule).FullName!, "anna", "a wish", "public sealed class Rule {}",
            new CompiledPlugin("PersonalApp.Plugin.test", "KioskPlugins.Rule", dll, [1], PluginCompiler.Sha256(dll)),
            "scripted", 0, 1, 1, []));
    }
}
