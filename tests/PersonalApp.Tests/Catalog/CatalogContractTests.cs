using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Catalog;

/// <summary>
/// What every catalog promises, whichever database holds it: run against SQLite (the embedded default) and PostgreSQL
/// (a fleet's). Versions, the database's own immutability and append-only rules, compare-and-set status changes,
/// audiences, the plugins' data with its quotas and atomic Increment, and capability usage counts.
/// </summary>
public abstract class CatalogContractTests : IDisposable
{
    private static readonly StorageQuota Quota = new(MaxValueBytes: 100, MaxBytes: 200, MaxKeys: 10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly byte[] _dll = [0x4d, 0x5a, 1, 2, 3];
    private readonly byte[] _pdb = [0x42, 0x53, 0x4a, 0x42];

    /// <summary>Gets the clock the catalog writes with; starts at a whole second.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));

    public abstract void Dispose();

    [SkippableFact]
    public void InsertVersion_SamePluginTwice_NumbersTheVersionsFromOne()
    {
        var catalog = CreateCatalog();

        var first = Insert(catalog, "rule-1");
        var second = Insert(catalog, "rule-1");
        var other = Insert(catalog, "rule-2");

        Assert.Equal(new PluginVersionKey("rule-1", 1), first);
        Assert.Equal(new PluginVersionKey("rule-1", 2), second);
        Assert.Equal(new PluginVersionKey("rule-2", 1), other);
        Assert.Equal(2, catalog.GetLatest("rule-1")!.Key.Version);
        Assert.Equal([1, 2], catalog.ListVersions("rule-1").Select(v => v.Key.Version));
    }

    [SkippableFact]
    public void InsertVersion_StoresEverythingAndAuditsGenerated()
    {
        var catalog = CreateCatalog();

        var key = Insert(catalog, "rule-1");

        var version = catalog.GetVersion(key)!;
        Assert.Equal(PluginStatus.PendingApproval, version.Status);
        Assert.Equal("anna", version.Owner);
        Assert.Equal("a wish", version.Wish);
        Assert.Equal(typeof(ITicketPricingRule).FullName, version.ContractType);
        Assert.Equal(PluginCompiler.Sha256(_dll), version.Sha256);
        Assert.Equal(Time.GetUtcNow(), version.CreatedAt);
        Assert.Equal(["storage"], version.RequestedCapabilities);
        Assert.Equal((2, 300L, 40L), (version.RepairRounds, version.InputTokens, version.OutputTokens));
        var image = catalog.GetImage(key)!;
        Assert.Equal(_dll, image.Dll);
        Assert.Equal(_pdb, image.Pdb);
        var generated = Assert.Single(catalog.GetAudit("rule-1"), e => e.Action == AuditActions.Generated);
        Assert.Equal("anna", generated.Actor);
        Assert.Equal(1, generated.Version);
        Assert.Contains(version.Sha256, generated.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GetVersion_Unknown_ReturnsNull()
    {
        var catalog = CreateCatalog();

        Assert.Null(catalog.GetVersion(new PluginVersionKey("nope", 1)));
        Assert.Null(catalog.GetImage(new PluginVersionKey("nope", 1)));
        Assert.Null(catalog.GetLatest("nope"));
    }

    [SkippableFact]
    public void PluginVersions_UpdateOfSourceOutsidePersonalApp_IsRefusedByTheDatabase()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        var ex = Assert.ThrowsAny<DbException>(() => RawExecute("UPDATE plugin_versions SET source = 'evil'"));

        Assert.Contains("immutable", ex.Message, StringComparison.Ordinal);
        Assert.Equal("public sealed class Rule {}", catalog.GetVersion(key)!.Source);
    }

    [SkippableFact]
    public void PluginVersions_UpdateOfDllOrManifestOutsidePersonalApp_IsRefusedByTheDatabase()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        Assert.ThrowsAny<DbException>(() => RawExecute("UPDATE plugin_versions SET dll = " + ByteLiteral));
        Assert.ThrowsAny<DbException>(() => RawExecute("UPDATE plugin_versions SET capabilities = '[\"http\"]'"));
        Assert.ThrowsAny<DbException>(() => RawExecute("UPDATE plugin_versions SET verification = '[]'"));

        Assert.Equal(_dll, catalog.GetImage(key)!.Dll);
        Assert.Equal(["storage"], catalog.GetVersion(key)!.RequestedCapabilities);
    }

    [SkippableFact]
    public void PluginVersions_DeleteOutsidePersonalApp_IsRefusedByTheDatabase()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        var ex = Assert.ThrowsAny<DbException>(() => RawExecute("DELETE FROM plugin_versions"));

        Assert.Contains("kept for the audit trail", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(catalog.GetVersion(key));
    }

    [SkippableFact]
    public void AuditLog_UpdateOrDeleteOutsidePersonalApp_IsRefusedByTheDatabase()
    {
        var catalog = CreateCatalog();
        Insert(catalog, "rule-1");
        var entries = catalog.GetAudit(null).Count;

        var update = Assert.ThrowsAny<DbException>(() => RawExecute("UPDATE audit_log SET actor = 'mallory'"));
        var delete = Assert.ThrowsAny<DbException>(() => RawExecute("DELETE FROM audit_log"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(entries, catalog.GetAudit(null).Count);
        Assert.DoesNotContain(catalog.GetAudit(null), e => e.Actor == "mallory");
    }

    [SkippableFact]
    public void ListActiveForLoading_ActiveAndPendingVersions_ReturnsTheActiveOnesWithWhatLoadingNeeds()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        Insert(catalog, "rule-2");
        catalog.Apply(new CatalogChange(
            [new StatusChange(key, PluginStatus.PendingApproval, PluginStatus.Active) { DecidedBy = "manager", Placement = PluginPlacement.InProcess, GrantedCapabilities = ["storage"] }],
            [new AuditRecord(AuditActions.Approved, "manager", key.PluginId, key.Version, null)]));
        var full = catalog.GetVersion(key)!;

        var listed = Assert.Single(catalog.ListActiveForLoading());

        Assert.Equal(key, listed.Key);
        Assert.Equal((full.Sha256, full.TypeName, full.AssemblyName, full.ContractType, full.Owner), (listed.Sha256, listed.TypeName, listed.AssemblyName, listed.ContractType, listed.Owner));
        Assert.Equal((full.Placement, full.ContractFingerprint, full.CreatedAt), (listed.Placement, listed.ContractFingerprint, listed.CreatedAt));
        Assert.Equal(["storage"], listed.RequestedCapabilities);
        Assert.Equal(["storage"], listed.GrantedCapabilities);
    }

    [SkippableFact]
    public void ListActiveForLoading_VersionsApprovedRevokedAndSuperseded_ListsOnlyTheActiveOnesOldestFirst()
    {
        var catalog = CreateCatalog();
        var first = Insert(catalog, "rule-1");
        Time.Advance(TimeSpan.FromSeconds(1));
        var revoked = Insert(catalog, "rule-2");
        Time.Advance(TimeSpan.FromSeconds(1));
        var third = Insert(catalog, "rule-3");
        Time.Advance(TimeSpan.FromSeconds(1));
        var newer = Insert(catalog, "rule-1");
        foreach (var key in new[] { first, revoked, third })
        {
            Move(catalog, key, PluginStatus.PendingApproval, PluginStatus.Active);
        }

        Move(catalog, revoked, PluginStatus.Active, PluginStatus.Revoked);
        Move(catalog, first, PluginStatus.Active, PluginStatus.Superseded);
        Move(catalog, newer, PluginStatus.PendingApproval, PluginStatus.Active);

        var listed = catalog.ListActiveForLoading();

        Assert.Equal([third, newer], listed.Select(v => v.Key));
        Assert.All(listed, v => Assert.Equal(PluginStatus.Active, v.Status));
        Assert.Equal(catalog.List(PluginStatus.Active).Select(v => (v.Key, v.Sha256, v.UpdatedAt)), listed.Select(v => (v.Key, v.Sha256, v.UpdatedAt)));
    }

    [SkippableFact]
    public void Apply_StatusStillAsExpected_MovesItWithItsAuditEntriesAndDecision()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        catalog.Apply(new CatalogChange(
            [new StatusChange(key, PluginStatus.PendingApproval, PluginStatus.Active) { DecidedBy = "manager", DecisionReason = "fine", Placement = PluginPlacement.InProcess, GrantedCapabilities = ["storage"] }],
            [new AuditRecord(AuditActions.Approved, "manager", key.PluginId, key.Version, "fine")]));

        var version = catalog.GetVersion(key)!;
        Assert.Equal(PluginStatus.Active, version.Status);
        Assert.Equal(("manager", "fine"), (version.DecidedBy, version.DecisionReason));
        Assert.Equal(PluginPlacement.InProcess, version.Placement);
        Assert.Equal(["storage"], version.GrantedCapabilities);
        Assert.Equal(AuditActions.Approved, catalog.GetAudit("rule-1")[^1].Action);
    }

    [SkippableFact]
    public void Apply_OneStatusChangedMeanwhile_ThrowsAConflictAndWritesNothing()
    {
        var catalog = CreateCatalog();
        var v1 = Insert(catalog, "rule-1");
        var v2 = Insert(catalog, "rule-1");
        var audit = catalog.GetAudit(null).Count;

        // v2 would move first; v1 is expected Active but is still pending: the whole change is refused.
        var ex = Assert.Throws<CatalogConflictException>(() => catalog.Apply(new CatalogChange(
            [new StatusChange(v2, PluginStatus.PendingApproval, PluginStatus.Active), new StatusChange(v1, PluginStatus.Active, PluginStatus.Superseded)],
            [new AuditRecord(AuditActions.Approved, "manager", "rule-1", 2, null)])));

        Assert.Equal(v1, ex.Key);
        Assert.Equal(PluginStatus.PendingApproval, ex.Actual);
        Assert.Equal(PluginStatus.PendingApproval, catalog.GetVersion(v2)!.Status);
        Assert.Equal(audit, catalog.GetAudit(null).Count);
    }

    [SkippableFact]
    public void Approve_TwoAdminsReadTheSameActiveVersion_TheSecondGetsPA0504AndNothingChanges()
    {
        var catalog = CreateCatalog();
        var lifecycle = new PluginLifecycle(catalog);
        var v1 = Insert(catalog, "rule-1");
        var v2 = Insert(catalog, "rule-1");
        var v3 = Insert(catalog, "rule-1");
        lifecycle.Approve(v1, "manager", null, [], PluginPlacement.InProcess);

        // The second admin's change was built while v1 was active; the first admin's approval of v2 lands first.
        var stale = new CatalogChange(
            [new StatusChange(v1, PluginStatus.Active, PluginStatus.Superseded), new StatusChange(v3, PluginStatus.PendingApproval, PluginStatus.Active)],
            [new AuditRecord(AuditActions.Approved, "boss", "rule-1", 3, null)]);
        lifecycle.Approve(v2, "manager", null, [], PluginPlacement.InProcess);

        Assert.Throws<CatalogConflictException>(() => catalog.Apply(stale));
        Assert.Equal([PluginStatus.Superseded, PluginStatus.Active, PluginStatus.PendingApproval], catalog.ListVersions("rule-1").Select(v => v.Status));
    }

    [SkippableFact]
    public async Task Approve_TwoVersionsWithNoActiveOneAtOnce_ExactlyOneWinsAndTheOtherGetsPA0504()
    {
        var catalog = CreateCatalog();
        for (var round = 0; round < 5; round++)
        {
            var plugin = "race-" + round;
            var a = Insert(catalog, plugin);
            var b = Insert(catalog, plugin);
            using var bothRead = new Barrier(2);
            var racing = new ApplyBarrierCatalog(catalog, bothRead);

            var results = await Task.WhenAll(new[] { a, b }.Select(key => Task.Run(() =>
            {
                var lifecycle = new PluginLifecycle(racing);
                try
                {
                    lifecycle.Approve(key, "admin-" + key.Version, null, [], PluginPlacement.InProcess);
                    return "won";
                }
                catch (PersonalizationException ex)
                {
                    return ex.DiagnosticId;
                }
            })));

            Assert.Single(catalog.ListVersions(plugin), v => v.Status == PluginStatus.Active);
            Assert.Single(results, r => r == "won");
            Assert.Single(results, r => r == DiagnosticIds.VersionChanged);
            Assert.Single(catalog.GetAudit(plugin), e => e.Action == AuditActions.Approved);
        }
    }

    [SkippableFact]
    public void List_ByStatus_ReturnsOnlyThoseOldestFirst()
    {
        var catalog = CreateCatalog();
        var older = Insert(catalog, "zz-older");
        Time.Advance(TimeSpan.FromMinutes(1));
        var newer = Insert(catalog, "aa-newer");
        Time.Advance(TimeSpan.FromMinutes(1));
        var approved = Insert(catalog, "mm-approved");
        new PluginLifecycle(catalog).Approve(approved, "manager", null, [], PluginPlacement.InProcess);

        Assert.Equal([older, newer], catalog.List(PluginStatus.PendingApproval).Select(v => v.Key));
        Assert.Equal([approved], catalog.List(PluginStatus.Active).Select(v => v.Key));
        Assert.Equal(3, catalog.List(null).Count);
    }

    [SkippableFact]
    public void SetAudience_KeepsItAndAuditsWhoAndFromWhat()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        Assert.Equal(PluginAudience.Owner, catalog.GetAudience("rule-1"));

        catalog.SetAudience("rule-1", key.Version, PluginAudience.Group("staff"), "manager", "useful");
        catalog.SetAudience("rule-1", key.Version, PluginAudience.Everyone, "boss", "very useful");

        Assert.Equal(PluginAudience.Everyone, catalog.GetAudience("rule-1"));
        var promoted = catalog.GetAudit("rule-1").Where(e => e.Action == AuditActions.Promoted).ToList();
        Assert.Equal(2, promoted.Count);
        Assert.Equal("boss", promoted[1].Actor);
        Assert.Contains("group:staff", promoted[1].Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Requests_TokensUsedAndSaved_AreSummedPerUserSince()
    {
        var catalog = CreateCatalog();
        var since = Time.GetUtcNow();
        catalog.InsertRequest("r1", "ben", "a loyalty card", "TicketPricingRule", "rule-9");
        catalog.FailRequest("r1", "ben", "rule-9", "class X {}", [new PersonalizationDiagnostic("PA0203", PersonalizationSeverity.Error, "no code")], 1, 10, 5);
        Insert(catalog, "rule-1");
        catalog.InsertReusedRequest("r3", "carl", "same wish", "TicketPricingRule", new PluginVersionKey("rule-1", 1), 340, "same words");

        Assert.Equal(15, catalog.TokensUsedSince(since, "ben"));
        Assert.Equal(15 + 340, catalog.TokensUsedSince(since, null));
        Assert.Equal(340, catalog.TokensSavedSince(since, "carl"));
        Assert.Equal(0, catalog.TokensUsedSince(since.AddMinutes(1), null));
        Assert.Equal([AuditActions.Requested, AuditActions.RequestFailed], catalog.GetAudit("rule-9").Select(e => e.Action));
    }

    [SkippableFact]
    public void RecordRecheck_KeepsTheFingerprintWithAnAuditEntry()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        catalog.RecordRecheck(key, "fp-2");

        Assert.Equal("fp-2", catalog.GetVersion(key)!.ContractFingerprint);
        Assert.Equal(AuditActions.Rechecked, catalog.GetAudit("rule-1")[^1].Action);
    }

    [SkippableFact]
    public void Data_SetGetRemove_KeepsOneSpacePerPluginAndUser()
    {
        var data = CreateDataStore();

        Assert.Null(data.Set("p", "u", "k", "v1", Quota, Wait));
        Assert.Null(data.Set("p", "other", "k", "v2", Quota, Wait));

        Assert.Equal("v1", data.Get("p", "u", "k"));
        Assert.Equal("v2", data.Get("p", "other", "k"));
        Assert.Null(data.Get("q", "u", "k"));
        Assert.True(data.Remove("p", "u", "k", Wait));
        Assert.False(data.Remove("p", "u", "k", Wait));
        Assert.Null(data.Get("p", "u", "k"));
    }

    [SkippableFact]
    public void Data_Quotas_RefuseAValueKeyOrTotalTooLargeAndWriteNothing()
    {
        var data = CreateDataStore();

        Assert.Contains("120 bytes", data.Set("p", "u", "k", new string('é', 60), Quota, Wait), StringComparison.Ordinal);
        Assert.Null(data.Set("p", "u", "a", new string('x', 90), Quota, Wait));
        Assert.Null(data.Set("p", "u", "b", new string('x', 90), Quota, Wait));
        Assert.Null(data.Set("p", "u", "a", new string('y', 90), Quota, Wait));
        Assert.Contains("over the quota", data.Set("p", "u", "c", new string('x', 90), Quota, Wait), StringComparison.Ordinal);
        Assert.Equal((2, 182L), data.Size("p", "u"));

        var few = new StorageQuota(100, 10_000, MaxKeys: 2);
        Assert.Contains("keys", data.Set("p", "u", "c", "1", few, Wait), StringComparison.Ordinal);
        Assert.Null(data.Get("p", "u", "c"));
    }

    [SkippableFact]
    public void Data_Keys_MatchesThePrefixLiterallyInOrdinalOrder()
    {
        var data = CreateDataStore();
        data.Set("p", "u", "50%_a", "1", Quota, Wait);
        data.Set("p", "u", "50xya", "2", Quota, Wait);
        data.Set("p", "u", "5", "3", Quota, Wait);
        data.Set("p", "u", "B", "4", Quota, Wait);

        Assert.Equal(["50%_a"], data.Keys("p", "u", "50%_", 10));
        Assert.Equal(["5", "50%_a", "50xya", "B"], data.Keys("p", "u", string.Empty, 10));
        Assert.Equal(["5", "50%_a"], data.Keys("p", "u", string.Empty, 2));
    }

    [SkippableFact]
    public void List_OneVersionsRowDamaged_QuarantinesItWithAnAuditEntryAndReturnsTheRest()
    {
        var catalog = CreateCatalog();
        var good = Insert(catalog, "rule-1");
        var damaged = Insert(catalog, "rule-2");
        RawExecute("UPDATE plugin_versions SET placement = 'Nowhere' WHERE plugin_id = 'rule-2'");

        var listed = catalog.List(null);

        Assert.Equal([good], listed.Select(v => v.Key));
        Assert.Null(catalog.GetVersion(damaged));
        var quarantined = Assert.Single(catalog.GetAudit("rule-2"), e => e.Action == "quarantined");
        Assert.Contains("cannot be read", quarantined.Reason, StringComparison.Ordinal);
        Assert.Equal(PluginStatus.PendingApproval, catalog.GetVersion(good)!.Status);
    }

    [SkippableFact]
    public void Data_WriteWhileAnotherWriterHoldsTheUsersData_GivesUpAfterItsWaitAndWritesNothing()
    {
        var data = CreateDataStore();
        Assert.Equal(1, data.Increment("p", "u", "n", 1, Quota, Wait).Value);

        using (HoldDataWriteLock("p", "u"))
        {
            // The wait a plugin call has left: the store's own exception after it, never a wait of the store's default.
            Assert.ThrowsAny<DbException>(() => data.Increment("p", "u", "n", 1, Quota, TimeSpan.FromMilliseconds(200)));
            Assert.ThrowsAny<DbException>(() => data.Set("p", "u", "k", "v", Quota, TimeSpan.FromMilliseconds(200)));
            Assert.ThrowsAny<DbException>(() => data.Remove("p", "u", "n", TimeSpan.FromMilliseconds(200)));
        }

        Assert.Equal(2, data.Increment("p", "u", "n", 1, Quota, Wait).Value);
        Assert.Null(data.Get("p", "u", "k"));
    }

    [SkippableFact]
    public void Data_Increment_StartsFromZeroAndRefusesTextOverflowAndQuota()
    {
        var data = CreateDataStore();

        Assert.Equal((3L, null), data.Increment("p", "u", "n", 3, Quota, Wait));
        Assert.Equal((-2L, null), data.Increment("p", "u", "n", -5, Quota, Wait));
        data.Set("p", "u", "text", "abc", Quota, Wait);
        Assert.NotNull(data.Increment("p", "u", "text", 1, Quota, Wait).Problem);
        data.Set("p", "u", "big", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), Quota, Wait);
        Assert.Contains("overflow", data.Increment("p", "u", "big", 1, Quota, Wait).Problem, StringComparison.Ordinal);
        Assert.NotNull(data.Increment("p", "u", "new", 1, new StorageQuota(100, 10_000, MaxKeys: 3), Wait).Problem);
        Assert.Equal("-2", data.Get("p", "u", "n"));
        Assert.Null(data.Get("p", "u", "new"));
    }

    [SkippableFact]
    public async Task Data_IncrementFromManyThreadsAtOnce_LosesNoAddition()
    {
        var data = CreateDataStore();
        const int Threads = 6;
        const int Each = 25;
        using var start = new Barrier(Threads);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Each; i++)
            {
                Assert.Null(data.Increment("p", "u", "count", 1, Quota, Wait).Problem);
            }
        })));

        Assert.Equal((Threads * Each).ToString(System.Globalization.CultureInfo.InvariantCulture), data.Get("p", "u", "count"));
    }

    [SkippableFact]
    public void Usage_AddedInBatches_IsSummedPerVersionCapabilityAndDay()
    {
        var usage = CreateUsageStore();
        var day = new DateOnly(2026, 12, 1);
        var v1 = new PluginVersionKey("rule-1", 1);

        usage.Add([new CapabilityUsage(v1, "storage", day, 3, 1), new CapabilityUsage(v1, "clock", day, 1, 0)]);
        usage.Add([new CapabilityUsage(v1, "storage", day, 2, 0), new CapabilityUsage(v1, "storage", day.AddDays(1), 1, 0), new CapabilityUsage(new PluginVersionKey("rule-2", 1), "log", day, 7, 0)]);

        Assert.Equal(
            [new CapabilityUsage(v1, "clock", day, 1, 0), new CapabilityUsage(v1, "storage", day, 5, 1), new CapabilityUsage(v1, "storage", day.AddDays(1), 1, 0)],
            usage.List("rule-1"));
        Assert.Equal(4, usage.List(null).Count);
    }

    /// <summary>A byte string literal in the database's SQL.</summary>
    protected abstract string ByteLiteral { get; }

    /// <summary>A catalog in a database of its own, opened.</summary>
    private protected abstract IPluginCatalog CreateCatalog();

    /// <summary>The plugin data store of the test's database.</summary>
    private protected abstract IPluginDataStore CreateDataStore();

    /// <summary>The capability usage store of the test's database.</summary>
    private protected abstract ICapabilityUsageStore CreateUsageStore();

    /// <summary>Runs SQL on the test's database as someone outside PersonalApp could.</summary>
    protected abstract void RawExecute(string sql);

    /// <summary>Holds what a write of one plugin's data for one user must wait for, as another process (or node) would, until disposed.</summary>
    protected abstract IDisposable HoldDataWriteLock(string pluginId, string userId);

    private static void Move(IPluginCatalog catalog, PluginVersionKey key, PluginStatus from, PluginStatus to)
        => catalog.Apply(new CatalogChange([new StatusChange(key, from, to) { DecidedBy = "manager" }], [new AuditRecord(AuditActions.Approved, "manager", key.PluginId, key.Version, null)]));

    private PluginVersionKey Insert(IPluginCatalog catalog, string pluginId)
    {
        var requestId = Guid.NewGuid().ToString("N");
        catalog.InsertRequest(requestId, "anna", "a wish", "TicketPricingRule", pluginId);
        return catalog.InsertVersion(new NewPluginVersion(
            pluginId, requestId, "TicketPricingRule", typeof(ITicketPricingRule).FullName!, "anna", "a wish", "public sealed class Rule {}",
            new CompiledPlugin("PersonalApp.Plugin.test", "KioskPlugins.Rule", _dll, _pdb, PluginCompiler.Sha256(_dll)) { Capabilities = ["storage"] },
            "scripted", 2, 300, 40, []));
    }
}
