using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.Catalog;

/// <summary>The state machine: which status follows which, what moves with it, and who wins when two act at once.</summary>
public sealed class PluginLifecycleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Approve", PluginStatus.PendingApproval, true)]
    [InlineData("Approve", PluginStatus.Rejected, false)]
    [InlineData("Revoke", PluginStatus.Suspended, true)]
    [InlineData("Revoke", PluginStatus.PendingApproval, false)]
    [InlineData("RollBack", PluginStatus.Superseded, true)]
    [InlineData("RollBack", PluginStatus.Rejected, false)]
    [InlineData("Quarantine", PluginStatus.PendingApproval, true)]
    [InlineData("Disable", PluginStatus.Suspended, false)]
    public void Allows_Table_SaysWhichStatusMayTakeWhichEvent(string @event, PluginStatus status, bool expected)
        => Assert.Equal(expected, PluginLifecycle.Allows(Enum.Parse<LifecycleEvent>(@event), status));

    [Fact]
    public void Approve_WithGrants_StoresThemAndAuditsWhatWasWithheld()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1", capabilities: ["storage", "clock"]);

        new PluginLifecycle(catalog).Approve(key, "manager", "fine", ["storage"], PluginPlacement.Isolated);

        var version = catalog.GetVersion(key)!;
        Assert.Equal(PluginStatus.Active, version.Status);
        Assert.Equal(["storage"], version.GrantedCapabilities);
        Assert.Equal(PluginPlacement.Isolated, version.Placement);
        var grant = Assert.Single(catalog.GetAudit("rule-1"), e => e.Action == AuditActions.CapabilitiesGranted);
        Assert.Equal("granted: storage; not granted: clock", grant.Reason);
    }

    [Fact]
    public void Approve_VersionAlreadyRead_ApprovesWithoutReadingItAgain()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        var read = catalog.GetVersion(key)!;
        var counting = new VersionReadCountingCatalog(catalog);

        new PluginLifecycle(counting).Approve(read, "manager", "fine", [], PluginPlacement.InProcess);

        Assert.Equal(0, counting.VersionReads);
        Assert.Equal(PluginStatus.Active, catalog.GetVersion(key)!.Status);
        Assert.Equal("manager", catalog.GetVersion(key)!.DecidedBy);
    }

    [Fact]
    public void Approve_VersionReadBeforeAnotherAdminRejectedIt_ThrowsPA0504AndChangesNothing()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        var read = catalog.GetVersion(key)!;
        new PluginLifecycle(catalog).Reject(key, "other-admin", "no");
        var auditBefore = catalog.GetAudit(null).Count;

        var ex = Assert.Throws<PersonalizationException>(() => new PluginLifecycle(catalog).Approve(read, "manager", "yes", [], PluginPlacement.InProcess));

        Assert.Equal("PA0504", ex.DiagnosticId);
        Assert.Equal(PluginStatus.Rejected, catalog.GetVersion(key)!.Status);
        Assert.Equal(auditBefore, catalog.GetAudit(null).Count);
    }

    [Fact]
    public void Approve_WhenAnotherAdminRejectedItFirst_ThrowsPA0504AndChangesNothing()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        // The other admin acts between this lifecycle's read and its write.
        var racing = new RacingCatalog(catalog, () => new PluginLifecycle(catalog).Reject(key, "other-admin", "no"));
        var auditBefore = catalog.GetAudit(null).Count;

        var ex = Assert.Throws<PersonalizationException>(() => new PluginLifecycle(racing).Approve(key, "manager", "yes", [], PluginPlacement.InProcess));

        Assert.Equal("PA0504", ex.DiagnosticId);
        Assert.Contains("Rejected", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PluginStatus.Rejected, catalog.GetVersion(key)!.Status);
        Assert.Equal("other-admin", catalog.GetVersion(key)!.DecidedBy);
        Assert.Equal(auditBefore + 1, catalog.GetAudit(null).Count);
    }

    [Fact]
    public void Approve_WhenTheActiveSiblingChangedFirst_ThrowsPA0504AndLeavesBothVersionsAsTheyWere()
    {
        var catalog = CreateCatalog();
        var v1 = Insert(catalog, "rule-1");
        var v2 = Insert(catalog, "rule-1");
        new PluginLifecycle(catalog).Approve(v1, "manager", null, [], PluginPlacement.InProcess);
        var racing = new RacingCatalog(catalog, () => new PluginLifecycle(catalog).Revoke(v1, "other-admin", "gone"));

        var ex = Assert.Throws<PersonalizationException>(() => new PluginLifecycle(racing).Approve(v2, "manager", null, [], PluginPlacement.InProcess));

        Assert.Equal("PA0504", ex.DiagnosticId);
        Assert.Equal(PluginStatus.Revoked, catalog.GetVersion(v1)!.Status);
        Assert.Equal(PluginStatus.PendingApproval, catalog.GetVersion(v2)!.Status);
    }

    [Fact]
    public void Apply_StaleExpectedStatus_ThrowsConflictAndWritesNoAudit()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");
        var auditBefore = catalog.GetAudit(null).Count;

        var ex = Assert.Throws<CatalogConflictException>(() => catalog.Apply(new CatalogChange(
            [new StatusChange(key, PluginStatus.Active, PluginStatus.Revoked)],
            [new AuditRecord(AuditActions.Revoked, "manager", key.PluginId, key.Version, "why")])));

        Assert.Equal(PluginStatus.PendingApproval, ex.Actual);
        Assert.Equal(auditBefore, catalog.GetAudit(null).Count);
    }

    [Fact]
    public void RollBack_AVersionNeverApproved_ThrowsPA0502()
    {
        var catalog = CreateCatalog();
        var key = Insert(catalog, "rule-1");

        var ex = Assert.Throws<PersonalizationException>(() => new PluginLifecycle(catalog).RollBack(key, "manager", "back"));

        Assert.Equal("PA0502", ex.DiagnosticId);
    }

    private SqlitePluginCatalog CreateCatalog()
        => new(Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath }), TimeProvider.System);

    private static PluginVersionKey Insert(SqlitePluginCatalog catalog, string pluginId, IReadOnlyList<string>? capabilities = null)
    {
        var requestId = Guid.NewGuid().ToString("N");
        byte[] dll = [0x4d, 0x5a, 1, 2, 3];
        catalog.InsertRequest(requestId, "anna", "a wish", "TicketPricingRule", pluginId);
        return catalog.InsertVersion(new NewPluginVersion(
            pluginId, requestId, "TicketPricingRule", typeof(ITicketPricingRule).FullName!, "anna", "a wish", "public sealed class Rule {}",
            new CompiledPlugin("PersonalApp.Plugin.test", "KioskPlugins.Rule", dll, [], PluginCompiler.Sha256(dll)) { Capabilities = capabilities ?? [] },
            "scripted", 0, 0, 0, []));
    }

    /// <summary>A catalog that counts reads of single versions.</summary>
    private sealed class VersionReadCountingCatalog(IPluginCatalog inner) : DelegatingCatalog(inner)
    {
        public int VersionReads { get; private set; }

        public override PluginVersionInfo? GetVersion(PluginVersionKey key)
        {
            VersionReads++;
            return Inner.GetVersion(key);
        }
    }

    /// <summary>A catalog whose first <see cref="IPluginCatalog.Apply"/> lets another actor move first.</summary>
    private sealed class RacingCatalog(IPluginCatalog inner, Action first) : DelegatingCatalog(inner)
    {
        private Action? _first = first;

        public override void Apply(CatalogChange change)
        {
            Interlocked.Exchange(ref _first, null)?.Invoke();
            Inner.Apply(change);
        }
    }
}
