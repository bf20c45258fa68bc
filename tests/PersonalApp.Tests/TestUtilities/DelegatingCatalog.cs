using PersonalApp.Catalog;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>A catalog that hands every call to another; a test's decorator overrides only the calls it is about.</summary>
internal abstract class DelegatingCatalog(IPluginCatalog inner) : IPluginCatalog
{
    protected IPluginCatalog Inner { get; } = inner;

    public string Location => Inner.Location;

    public virtual void Apply(CatalogChange change) => Inner.Apply(change);

    public void EnsureOpen() => Inner.EnsureOpen();

    public int MarkInterruptedRequests() => Inner.MarkInterruptedRequests();

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId) => Inner.InsertRequest(requestId, userId, wish, extensionPoint, pluginId);

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
        => Inner.FailRequest(requestId, userId, pluginId, lastSource, diagnostics, repairRounds, inputTokens, outputTokens);

    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
        => Inner.InsertReusedRequest(requestId, userId, wish, extensionPoint, reused, tokensSaved, how);

    public PluginVersionKey InsertVersion(NewPluginVersion version) => Inner.InsertVersion(version);

    public virtual PluginVersionInfo? GetVersion(PluginVersionKey key) => Inner.GetVersion(key);

    public PluginVersionInfo? GetLatest(string pluginId) => Inner.GetLatest(pluginId);

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status) => Inner.List(status);

    public IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId) => Inner.ListVersions(pluginId);

    public PluginImage? GetImage(PluginVersionKey key) => Inner.GetImage(key);

    public PluginAudience GetAudience(string pluginId) => Inner.GetAudience(pluginId);

    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason) => Inner.SetAudience(pluginId, version, audience, actor, reason);

    public void RecordRecheck(PluginVersionKey key, string fingerprint) => Inner.RecordRecheck(key, fingerprint);

    public long TokensUsedSince(DateTimeOffset since, string? userId) => Inner.TokensUsedSince(since, userId);

    public long TokensSavedSince(DateTimeOffset since, string? userId) => Inner.TokensSavedSince(since, userId);

    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason) => Inner.AppendAudit(action, actor, pluginId, version, reason);

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId) => Inner.GetAudit(pluginId);
}
