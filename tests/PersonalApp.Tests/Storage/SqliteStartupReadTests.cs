using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Storage;

/// <summary>
/// What start-up reads from the embedded store, whatever its size: the listing from an index alone (never the DLL and
/// PDB pages), and the whole-file check at open for a small store, in the background for a large one, refusing a
/// damaged file either way.
/// </summary>
public sealed class SqliteStartupReadTests : IDisposable
{
    private readonly byte[] _dll = [0x4d, 0x5a, 1, 2, 3];
    private readonly byte[] _pdb = [0x42, 0x53, 0x4a, 0x42];
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ListActiveForLoading_QueryPlan_ReadsTheCoveringIndexAndNeverTheTable()
    {
        var store = CreateStore();
        store.EnsureOpen();

        var plan = QueryPlan(store.Location, SqlitePluginCatalog.ActiveForLoadingSql);

        Assert.Contains("USING COVERING INDEX plugin_versions_loading", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureOpen_StoreAtSchema8WithActiveVersions_AddsTheLoadingIndexAndListsThem()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");
        Activate(store, key);
        SqliteConnection.ClearAllPools();
        RawSql.Execute(store.Location, "DROP INDEX plugin_versions_loading; PRAGMA user_version = 8;");

        var reopened = CreateStore();
        var listed = reopened.ListActiveForLoading();

        Assert.Equal(key, Assert.Single(listed).Key);
        Assert.Equal((long)SqliteCatalogSchema.SchemaVersion, RawSql.Scalar(store.Location, "PRAGMA user_version"));
        Assert.Equal(1L, RawSql.Scalar(store.Location, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'plugin_versions_loading'"));
    }

    [Fact]
    public void VerifyIntegrity_LargeStoreWithDamagedPages_OpensThenRefusesItWithPA0601AndLeavesTheFileUnchanged()
    {
        var bytes = DamagedStore();
        var store = CreateStore(fullCheckAtOpenMaxBytes: 0);
        store.EnsureOpen();

        var found = Assert.Throws<PersonalizationException>(store.VerifyIntegrity);
        var later = Assert.Throws<PersonalizationException>(() => store.GetAudit(null));
        var write = Assert.Throws<PersonalizationException>(() => store.InsertRequest("r-2", "anna", "another wish", null, null));

        Assert.Equal("PA0601", found.DiagnosticId);
        Assert.Contains(store.Location, found.Message, StringComparison.Ordinal);
        Assert.Equal(("PA0601", "PA0601"), (later.DiagnosticId, write.DiagnosticId));
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(_directory.StorePath));
    }

    [Fact]
    public void EnsureOpen_SmallStoreWithTheSameDamage_RefusesItAtOpen()
    {
        var bytes = DamagedStore();

        var ex = Assert.Throws<PersonalizationException>(CreateStore().EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(_directory.StorePath));
    }

    [Fact]
    public void VerifyIntegrity_LargeHealthyStore_PassesAndTheStoreStaysUsable()
    {
        var first = CreateStore();
        var key = Insert(first, "rule-1");
        SqliteConnection.ClearAllPools();
        var store = CreateStore(fullCheckAtOpenMaxBytes: 0);

        store.VerifyIntegrity();
        var second = Insert(store, "rule-2");

        Assert.NotNull(store.GetVersion(key));
        Assert.Equal(new PluginVersionKey("rule-2", 1), second);
    }

    /// <summary>A store whose audit log's pages are overwritten (its schema intact), as bytes on disk; returns them.</summary>
    private byte[] DamagedStore()
    {
        var store = CreateStore();
        for (var i = 0; i < 20; i++)
        {
            Insert(store, "rule-" + i);
        }

        var root = Convert.ToInt32(RawSql.Scalar(store.Location, "SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'"), System.Globalization.CultureInfo.InvariantCulture);
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(_directory.StorePath);
        RandomNumberGenerator.Fill(bytes.AsSpan((root - 1) * 4096, 4096));
        File.WriteAllBytes(_directory.StorePath, bytes);
        return bytes;
    }

    private static string QueryPlan(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }

    private SqlitePluginCatalog CreateStore(long fullCheckAtOpenMaxBytes = 16L * 1024 * 1024)
        => new(Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath }), TimeProvider.System) { FullCheckAtOpenMaxBytes = fullCheckAtOpenMaxBytes };

    private static void Activate(SqlitePluginCatalog store, PluginVersionKey key)
        => store.Apply(new CatalogChange(
            [new StatusChange(key, PluginStatus.PendingApproval, PluginStatus.Active) { DecidedBy = "manager" }],
            [new AuditRecord(AuditActions.Approved, "manager", key.PluginId, key.Version, null)]));

    private PluginVersionKey Insert(SqlitePluginCatalog store, string pluginId)
    {
        var requestId = Guid.NewGuid().ToString("N");
        store.InsertRequest(requestId, "anna", "a wish", "TicketPricingRule", pluginId);
        return store.InsertVersion(new NewPluginVersion(
            pluginId, requestId, "TicketPricingRule", typeof(ITicketPricingRule).FullName!, "anna", "a wish", "public sealed class Rule {}",
            new CompiledPlugin("PersonalApp.Plugin.test", "KioskPlugins.Rule", _dll, _pdb, PluginCompiler.Sha256(_dll)),
            "scripted", 2, 300, 40, []));
    }
}
