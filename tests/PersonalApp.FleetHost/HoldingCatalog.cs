using PersonalApp.Catalog;

namespace PersonalApp.FleetHost;

/// <summary>
/// The node's catalog, with one test hook: when <see cref="HeldApply.ReleaseFile"/> is set, the next <see cref="Apply"/>
/// (after the lifecycle has read the versions) says it is held and waits for its release, so two nodes' admins decide on
/// the same state.
/// </summary>
internal sealed class HoldingCatalog(IPluginCatalog inner, HeldApply held) : IPluginCatalog
{
    public string Location => inner.Location;

    public void Apply(CatalogChange change)
    {
        if (held.ReleaseFile is { } release)
        {
            held.ReleaseFile = null;
            File.WriteAllText($"{release}.{Environment.ProcessId}.held", string.Empty);
            var bound = DateTimeOffset.UtcNow + HeldApply.Bound;
            while (!File.Exists(release) && DateTimeOffset.UtcNow < bound)
            {
                Thread.Sleep(5);
            }
        }

        inner.Apply(change);
    }

    public void EnsureOpen() => inner.EnsureOpen();

    public int MarkInterruptedRequests() => inner.MarkInterruptedRequests();

    public void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId) => inner.InsertRequest(requestId, userId, wish, extensionPoint, pluginId);

    public void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens)
        => inner.FailRequest(requestId, userId, pluginId, lastSource, diagnostics, repairRounds, inputTokens, outputTokens);

    public void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how)
        => inner.InsertReusedRequest(requestId, userId, wish, extensionPoint, reused, tokensSaved, how);

    public PluginVersionKey InsertVersion(NewPluginVersion version) => inner.InsertVersion(version);

    public PluginVersionInfo? GetVersion(PluginVersionKey key) => inner.GetVersion(key);

    public PluginVersionInfo? GetLatest(string pluginId) => inner.GetLatest(pluginId);

    public IReadOnlyList<PluginVersionInfo> List(PluginStatus? status) => inner.List(status);

    public IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId) => inner.ListVersions(pluginId);

    public PluginImage? GetImage(PluginVersionKey key) => inner.GetImage(key);

    public PluginAudience GetAudience(string pluginId) => inner.GetAudience(pluginId);

    public void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason) => inner.SetAudience(pluginId, version, audience, actor, reason);

    public void RecordRecheck(PluginVersionKey key, string fingerprint) => inner.RecordRecheck(key, fingerprint);

    public long TokensUsedSince(DateTimeOffset since, string? userId) => inner.TokensUsedSince(since, userId);

    public long TokensSavedSince(DateTimeOffset since, string? userId) => inner.TokensSavedSince(since, userId);

    public void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason) => inner.AppendAudit(action, actor, pluginId, version, reason);

    public IReadOnlyList<AuditEntry> GetAudit(string? pluginId) => inner.GetAudit(pluginId);
}
