using PersonalApp.Catalog;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A catalog decorator that fails as a real database does (locked, disk full): <see cref="Fail"/> says, by member name,
/// which calls throw what; every other call goes to the real catalog.
/// </summary>
internal sealed class ThrowingCatalog(IPluginCatalog inner) : IPluginCatalog
{
    public Func<string, Exception?> Fail { get; set; } = _ => null;

    public string Location => inner.Location;

    public void EnsureOpen() => inner.EnsureOpen();

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId)
    {
        Check(nameof(InsertRequest));
        inner.InsertRequest(requestId, userId, wish, extensionPoint, pluginId);
    }

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
    {
        Check(nameof(FailRequest));
        inner.FailRequest(requestId, userId, pluginId, lastSource, diagnostics, repairRounds, inputTokens, outputTokens);
    }

    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
    {
        Check(nameof(InsertReusedRequest));
        inner.InsertReusedRequest(requestId, userId, wish, extensionPoint, reused, tokensSaved, how);
    }

    public PluginVersionKey InsertVersion(NewPluginVersion version)
    {
        Check(nameof(InsertVersion));
        return inner.InsertVersion(version);
    }

    public PluginVersionInfo? GetVersion(PluginVersionKey key) => inner.GetVersion(key);

    public PluginVersionInfo? GetLatest(string pluginId)
    {
        Check(nameof(GetLatest));
        return inner.GetLatest(pluginId);
    }

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status)
    {
        Check(nameof(List));
        return inner.List(status);
    }

    public IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId) => inner.ListVersions(pluginId);

    public PluginImage? GetImage(PluginVersionKey key) => inner.GetImage(key);

    public void Apply(CatalogChange change)
    {
        Check(nameof(Apply));
        inner.Apply(change);
    }

    public PluginAudience GetAudience(string pluginId) => inner.GetAudience(pluginId);

    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason) => inner.SetAudience(pluginId, version, audience, actor, reason);

    public void RecordRecheck(PluginVersionKey key, string fingerprint) => inner.RecordRecheck(key, fingerprint);

    public long TokensUsedSince(DateTimeOffset since, string? userId)
    {
        Check(nameof(TokensUsedSince));
        return inner.TokensUsedSince(since, userId);
    }

    public long TokensSavedSince(DateTimeOffset since, string? userId) => inner.TokensSavedSince(since, userId);

    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason) => inner.AppendAudit(action, actor, pluginId, version, reason);

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId) => inner.GetAudit(pluginId);

    public int MarkInterruptedRequests() => inner.MarkInterruptedRequests();

    private void Check(string member)
    {
        if (Fail(member) is { } exception)
        {
            throw exception;
        }
    }
}
