using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Storage;

public sealed class PluginStoreTests : IDisposable
{
    private readonly byte[] _dll = [0x4d, 0x5a, 1, 2, 3];

    private readonly byte[] _pdb = [0x42, 0x53, 0x4a, 0x42];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EnsureOpen_NewFile_CreatesTheSchemaMarkedAsPersonalAppsOwn()
    {
        var store = CreateStore();

        store.EnsureOpen();

        Assert.Equal(0x50415031L, RawSql.Scalar(store.Location, "PRAGMA application_id"));
        Assert.Equal((long)SqliteCatalogSchema.SchemaVersion, RawSql.Scalar(store.Location, "PRAGMA user_version"));
        Assert.Equal("wal", RawSql.Scalar(store.Location, "PRAGMA journal_mode"));
        Assert.Equal(3L, RawSql.Scalar(store.Location, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('requests', 'plugin_versions', 'audit_log')"));
    }

    [Fact]
    public void EnsureOpen_FolderMissing_CreatesIt()
    {
        var store = CreateStore(_directory.Combine("data", "nested", "store.db"));

        store.EnsureOpen();

        Assert.True(File.Exists(_directory.Combine("data", "nested", "store.db")));
    }

    [Fact]
    public void EnsureOpen_ExistingStore_OpensItAgainWithItsData()
    {
        var first = CreateStore();
        Insert(first, "rule-1");

        var second = CreateStore();
        second.EnsureOpen();

        Assert.NotNull(second.GetLatest("rule-1"));
    }

    [Fact]
    public void EnsureOpen_FileOfRandomBytes_ThrowsPA0601AndLeavesTheFileUnchanged()
    {
        var bytes = RandomNumberGenerator.GetBytes(8192);
        File.WriteAllBytes(_directory.StorePath, bytes);
        var store = CreateStore();

        var ex = Assert.Throws<PersonalizationException>(store.EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        Assert.Contains(_directory.StorePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(_directory.StorePath));
        Assert.False(File.Exists(_directory.StorePath + "-wal"));
    }

    [Fact]
    public void EnsureOpen_TextFile_ThrowsPA0601AndLeavesTheFileUnchanged()
    {
        const string Text = "These are my notes, not a database.\nDo not delete.\n";
        File.WriteAllText(_directory.StorePath, Text);
        var store = CreateStore();

        var ex = Assert.Throws<PersonalizationException>(store.EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Text, File.ReadAllText(_directory.StorePath));
    }

    [Fact]
    public void EnsureOpen_PersonalAppStoreWithDamagedPages_ThrowsPA0601AndLeavesTheFileUnchanged()
    {
        var first = CreateStore();
        for (var i = 0; i < 20; i++)
        {
            Insert(first, "rule-" + i);
        }

        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(_directory.StorePath);
        Assert.True(bytes.Length > 3 * 4096, "the store has pages beyond the first to damage");
        RandomNumberGenerator.Fill(bytes.AsSpan(4096));
        File.WriteAllBytes(_directory.StorePath, bytes);

        var ex = Assert.Throws<PersonalizationException>(CreateStore().EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        SqliteConnection.ClearAllPools();
        Assert.Equal(bytes, File.ReadAllBytes(_directory.StorePath));
    }

    [Fact]
    public void EnsureOpen_AnotherApplicationsDatabase_ThrowsPA0601AndLeavesTheFileUnchanged()
    {
        RawSql.Execute(_directory.StorePath, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers (name) VALUES ('Ada');");
        var before = File.ReadAllBytes(_directory.StorePath);
        var store = CreateStore();

        var ex = Assert.Throws<PersonalizationException>(store.EnsureOpen);

        Assert.Equal("PA0601", ex.DiagnosticId);
        Assert.Contains("another application", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(_directory.StorePath));
        Assert.Equal(0L, RawSql.Scalar(_directory.StorePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'plugin_versions'"));
    }

    [Fact]
    public void EnsureOpen_StoreOfANewerSchema_ThrowsPA0602AndLeavesTheFileUnchanged()
    {
        CreateStore().EnsureOpen();
        SqliteConnection.ClearAllPools();
        RawSql.Execute(_directory.StorePath, $"PRAGMA user_version = {SqliteCatalogSchema.SchemaVersion + 1}");
        var before = File.ReadAllBytes(_directory.StorePath);

        var ex = Assert.Throws<PersonalizationException>(CreateStore().EnsureOpen);

        Assert.Equal("PA0602", ex.DiagnosticId);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(_directory.StorePath));
    }

    [Fact]
    public void AuditLog_UpdateWithRawSql_FailsBecauseTheLogIsAppendOnly()
    {
        var store = CreateStore();
        Insert(store, "rule-1");

        var ex = Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "UPDATE audit_log SET actor = 'mallory'"));

        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(store.GetAudit(null), e => e.Actor == "mallory");
    }

    [Fact]
    public void AuditLog_DeleteWithRawSql_FailsBecauseTheLogIsAppendOnly()
    {
        var store = CreateStore();
        Insert(store, "rule-1");
        var entries = store.GetAudit(null).Count;

        var ex = Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "DELETE FROM audit_log"));

        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal(entries, store.GetAudit(null).Count);
    }

    [Fact]
    public void PluginVersions_UpdateOfSourceWithRawSql_FailsBecauseVersionsAreImmutable()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");

        var ex = Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "UPDATE plugin_versions SET source = 'evil'"));

        Assert.Contains("immutable", ex.Message, StringComparison.Ordinal);
        Assert.Equal("public sealed class Rule {}", store.GetVersion(key)!.Source);
    }

    [Fact]
    public void PluginVersions_UpdateOfDllWithRawSql_FailsBecauseVersionsAreImmutable()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");

        Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "UPDATE plugin_versions SET dll = x'00'"));

        Assert.Equal(_dll, store.GetImage(key)!.Dll);
    }

    [Fact]
    public void PluginVersions_DeleteWithRawSql_Fails()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");

        Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "DELETE FROM plugin_versions"));

        Assert.NotNull(store.GetVersion(key));
    }

    [Fact]
    public void InsertVersion_SamePluginTwice_NumbersTheVersionsFromOne()
    {
        var store = CreateStore();

        var first = Insert(store, "rule-1");
        var second = Insert(store, "rule-1");
        var other = Insert(store, "rule-2");

        Assert.Equal(new PluginVersionKey("rule-1", 1), first);
        Assert.Equal(new PluginVersionKey("rule-1", 2), second);
        Assert.Equal(new PluginVersionKey("rule-2", 1), other);
        Assert.Equal(2, store.GetLatest("rule-1")!.Key.Version);
    }

    [Fact]
    public void InsertVersion_StoresEverythingAndAuditsGenerated()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));
        var store = CreateStore(time: time);

        var key = Insert(store, "rule-1");

        var version = store.GetVersion(key)!;
        Assert.Equal(PluginStatus.PendingApproval, version.Status);
        Assert.Equal("anna", version.Owner);
        Assert.Equal("a wish", version.Wish);
        Assert.Equal(typeof(ITicketPricingRule).FullName, version.ContractType);
        Assert.Equal(PluginCompiler.Sha256(_dll), version.Sha256);
        Assert.Equal(time.GetUtcNow(), version.CreatedAt);
        Assert.Equal(2, version.RepairRounds);
        Assert.Equal(300, version.InputTokens);
        Assert.Equal(40, version.OutputTokens);
        var image = store.GetImage(key)!;
        Assert.Equal(_dll, image.Dll);
        Assert.Equal(_pdb, image.Pdb);
        var generated = Assert.Single(store.GetAudit("rule-1"), e => e.Action == "generated");
        Assert.Equal("anna", generated.Actor);
        Assert.Equal(1, generated.Version);
        Assert.Contains(version.Sha256, generated.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_UnknownVersion_ThrowsPA0501()
    {
        var store = CreateStore();

        var ex = Assert.Throws<PersonalizationException>(
            () => new PluginLifecycle(store).Approve(new PluginVersionKey("nope", 1), "manager", null, [], PluginPlacement.InProcess));

        Assert.Equal("PA0501", ex.DiagnosticId);
    }

    [Fact]
    public void Transition_FromAStatusNotAllowed_ThrowsPA0502AndChangesNothing()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");
        var audit = store.GetAudit(null).Count;

        var ex = Assert.Throws<PersonalizationException>(
            () => new PluginLifecycle(store).Revoke(key, "manager", "why"));

        Assert.Equal("PA0502", ex.DiagnosticId);
        Assert.Equal(PluginStatus.PendingApproval, store.GetVersion(key)!.Status);
        Assert.Equal(audit, store.GetAudit(null).Count);
    }

    [Fact]
    public void Transition_ApprovingANewerVersion_SupersedesTheActiveOneWithAuditEntries()
    {
        var store = CreateStore();
        var v1 = Insert(store, "rule-1");
        var v2 = Insert(store, "rule-1");
        new PluginLifecycle(store).Approve(v1, "manager", "ok", [], PluginPlacement.InProcess);

        var superseded = new PluginLifecycle(store).Approve(v2, "boss", "better", [], PluginPlacement.InProcess);

        Assert.Equal([v1], superseded);
        Assert.Equal(PluginStatus.Superseded, store.GetVersion(v1)!.Status);
        var v2Info = store.GetVersion(v2)!;
        Assert.Equal(PluginStatus.Active, v2Info.Status);
        Assert.Equal("boss", v2Info.DecidedBy);
        Assert.Equal("better", v2Info.DecisionReason);
        var entry = Assert.Single(store.GetAudit("rule-1"), e => e.Action == "superseded");
        Assert.Equal("boss", entry.Actor);
        Assert.Equal(1, entry.Version);
        Assert.Equal("replaced by v2", entry.Reason);
    }

    [Fact]
    public void List_ByStatus_ReturnsOnlyThoseOldestFirst()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var store = CreateStore(time: time);
        var older = Insert(store, "zz-older");
        time.Advance(TimeSpan.FromMinutes(1));
        var newer = Insert(store, "aa-newer");
        time.Advance(TimeSpan.FromMinutes(1));
        var approved = Insert(store, "mm-approved");
        new PluginLifecycle(store).Approve(approved, "manager", null, [], PluginPlacement.InProcess);

        Assert.Equal([older, newer], store.List(PluginStatus.PendingApproval).Select(v => v.Key));
        Assert.Equal([approved], store.List(PluginStatus.Active).Select(v => v.Key));
        Assert.Equal(3, store.List(null).Count);
    }

    [Fact]
    public void FailRequest_WritesARequestFailedEntryWithTheDiagnostics()
    {
        var store = CreateStore();
        store.InsertRequest("req-1", "ben", "a loyalty card", "TicketPricingRule", "rule-9");

        store.FailRequest("req-1", "ben", "rule-9", null, [new PersonalizationDiagnostic("PA0203", PersonalizationSeverity.Error, "no code")], 1, 10, 5);

        var audit = store.GetAudit("rule-9");
        Assert.Equal(["requested", "request-failed"], audit.Select(e => e.Action));
        Assert.Equal("ben", audit[1].Actor);
        Assert.Contains("PA0203", audit[1].Reason, StringComparison.Ordinal);
        Assert.Equal("failed", RawSql.Scalar(store.Location, "SELECT status FROM requests WHERE id = 'req-1'"));
    }

    [Fact]
    public void GetAudit_ForOnePlugin_ReturnsOnlyItsEntriesInOrder()
    {
        var store = CreateStore();
        Insert(store, "rule-1");
        Insert(store, "rule-2");

        var entries = store.GetAudit("rule-2");

        Assert.All(entries, e => Assert.Equal("rule-2", e.PluginId));
        Assert.Equal(["requested", "generated"], entries.Select(e => e.Action));
        Assert.True(entries[0].Sequence < entries[1].Sequence);
    }

    [Fact]
    public void EnsureOpen_StoreOfSchema2_UpgradesToTheLatestAndKeepsItsVersions()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.StorePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteCatalogSchema.Migrations[0] + SqliteCatalogSchema.Migrations[1] + $"PRAGMA application_id = {SqliteCatalogSchema.ApplicationId}; PRAGMA user_version = 2;" +
                "INSERT INTO requests (id, user_id, wish, status, created_at, updated_at) VALUES ('r1', 'anna', 'a wish', 'pending-approval', '2026-11-01T00:00:00.0000000+00:00', '2026-11-01T00:00:00.0000000+00:00');" +
                "INSERT INTO plugin_versions (plugin_id, version, request_id, extension_point, contract_type, owner, wish, status, source, assembly_name, type_name, dll, pdb, sha256, repair_rounds, input_tokens, output_tokens, diagnostics, created_at, updated_at) " +
                "VALUES ('old-rule', 1, 'r1', 'TicketPricingRule', 'TicketKiosk.Contracts.ITicketPricingRule', 'anna', 'a wish', 'Active', 'src', 'asm', 'KioskPlugins.Rule', x'00', x'00', 'abc', 0, 10, 5, '[]', '2026-11-01T00:00:00.0000000+00:00', '2026-11-01T00:00:00.0000000+00:00');";
            command.ExecuteNonQuery();
        }

        var store = CreateStore();
        var version = store.GetVersion(new PluginVersionKey("old-rule", 1));

        Assert.Equal((long)SqliteCatalogSchema.SchemaVersion, RawSql.Scalar(store.Location, "PRAGMA user_version"));
        Assert.NotNull(version);
        Assert.Empty(version.RequestedCapabilities);
        Assert.Empty(version.GrantedCapabilities);
        Assert.Empty(version.ApisUsed);
        Assert.Null(version.ContractFingerprint);
        Assert.Equal(PluginAudience.Owner, store.GetAudience("old-rule"));
        Assert.Equal(1L, RawSql.Scalar(store.Location, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'plugin_data'"));
    }

    [Fact]
    public void Manifest_UpdateWithRawSql_FailsBecauseVersionsAreImmutable()
    {
        var store = CreateStore();
        var key = Insert(store, "rule-1");
        SqliteConnection.ClearAllPools();

        var ex = Assert.Throws<SqliteException>(() => RawSql.Execute(store.Location, "UPDATE plugin_versions SET capabilities = '[\"http\"]' WHERE plugin_id = $id", ("$id", key.PluginId)));

        Assert.Contains("immutable", ex.Message, StringComparison.Ordinal);
    }

    private SqlitePluginCatalog CreateStore(string? path = null, TimeProvider? time = null)
        => new(Options.Create(new PersonalizationOptions { StorePath = path ?? _directory.StorePath }), time ?? TimeProvider.System);

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
