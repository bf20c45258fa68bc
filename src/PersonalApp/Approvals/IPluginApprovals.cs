namespace PersonalApp.Approvals;

/// <summary>The admin's side: read what is waiting, approve or reject it, revoke what is live, and read the audit log.</summary>
public interface IPluginApprovals
{
    /// <summary>Lists plugin versions, oldest first.</summary>
    /// <param name="status">Only versions in this state, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The versions, with their source and everything an admin reads.</returns>
    Task<IReadOnlyList<PluginVersionInfo>> ListAsync(PluginStatus? status = PluginStatus.PendingApproval, CancellationToken cancellationToken = default);

    /// <summary>Reads one version: wish, requester, source, diagnostics, rounds, tokens and the DLL's SHA-256.</summary>
    /// <param name="key">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version, or <see langword="null"/> when there is none with that key.</returns>
    Task<PluginVersionInfo?> GetAsync(PluginVersionKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending version: checks its hash, loads it and makes it live for its owner without a restart,
    /// replacing (and unloading) the plugin's previous version.
    /// </summary>
    /// <param name="key">The version, which must be pending approval.</param>
    /// <param name="approvedBy">Who approves; written to the audit log.</param>
    /// <param name="reason">Why, in their words; written to the audit log.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands.</returns>
    /// <exception cref="PersonalizationException">The version does not exist, is not pending, fails its hash check or cannot be loaded.</exception>
    Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, string approvedBy, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending version under the conditions of <paramref name="decision"/> (placement, granted capabilities):
    /// checks its hash, loads it (in-process or in an isolated worker) and makes it live for its owner without a restart.
    /// </summary>
    /// <param name="key">The version, which must be pending approval.</param>
    /// <param name="decision">Who approves, why, and under which conditions.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands.</returns>
    /// <exception cref="PersonalizationException">The version does not exist, is not pending, fails its hash check, cannot be loaded, or cannot run where it was placed.</exception>
    Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, ApprovalDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Rejects a pending version. Nothing is loaded.</summary>
    /// <param name="key">The version, which must be pending approval.</param>
    /// <param name="rejectedBy">Who rejects; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log and shown to the requester.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands.</returns>
    /// <exception cref="PersonalizationException">The version does not exist or is not pending.</exception>
    Task<PluginVersionInfo> RejectAsync(PluginVersionKey key, string rejectedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Revokes a plugin's active version: it is taken out of service and unloaded.</summary>
    /// <param name="pluginId">The plugin.</param>
    /// <param name="revokedBy">Who revokes; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version that was revoked.</returns>
    /// <exception cref="PersonalizationException">The plugin has no active version.</exception>
    Task<PluginVersionInfo> RevokeAsync(string pluginId, string revokedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Reads the audit log, oldest first.</summary>
    /// <param name="pluginId">Only entries about this plugin, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(string? pluginId = null, CancellationToken cancellationToken = default);
}
