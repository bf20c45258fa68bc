using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp;

/// <summary>
/// The admin's side: read what is waiting (as an approval packet), approve it with the capabilities it may use or
/// reject it, revoke, roll back or share what is live, and read the audit log and the counts of capability use.
/// </summary>
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
    /// <remarks>Grants no capabilities: a version that asks for some runs with them absent. Use the overload taking an <see cref="ApprovalDecision"/> to grant them.</remarks>
    Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, string approvedBy, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending version under the admin's conditions: checks its hash, loads it where
    /// <see cref="ApprovalDecision.Placement"/> says (in-process or in an isolated worker) with the capabilities
    /// <see cref="ApprovalDecision.GrantedCapabilities"/> grants (every other one is absent at run time) and makes it live,
    /// replacing (and unloading) the plugin's previous version. The approval and the grants are audited.
    /// </summary>
    /// <param name="key">The version, which must be pending approval.</param>
    /// <param name="decision">Who approves, why, where it runs, and which of the capabilities the version asks for it may use.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands.</returns>
    /// <exception cref="PersonalizationException">
    /// The version does not exist, is not pending, failed a host acceptance check (PA0312), fails its hash check, cannot be
    /// loaded or cannot run where it was placed (PA0704); or the decision grants a capability the version does not ask for (PA0908).
    /// </exception>
    Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, ApprovalDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Rejects a pending version. Nothing is loaded.</summary>
    /// <param name="key">The version, which must be pending approval.</param>
    /// <param name="rejectedBy">Who rejects; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log and shown to the requester.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands.</returns>
    /// <exception cref="PersonalizationException">The version does not exist or is not pending.</exception>
    Task<PluginVersionInfo> RejectAsync(PluginVersionKey key, string rejectedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Revokes a plugin's active (or suspended) version: it is taken out of service and unloaded. Its stored data is kept.</summary>
    /// <param name="pluginId">The plugin.</param>
    /// <param name="revokedBy">Who revokes; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version that was revoked.</returns>
    /// <exception cref="PersonalizationException">The plugin has no active or suspended version.</exception>
    Task<PluginVersionInfo> RevokeAsync(string pluginId, string revokedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes an earlier approved version of a plugin the live one again (it is superseded, revoked, disabled or
    /// suspended): checks its hash, re-checks it against the host's contract when that changed, loads it with the
    /// capabilities it was granted, and swaps it in for the active version, if any, without a restart. Audited.
    /// </summary>
    /// <param name="key">The version to go back to.</param>
    /// <param name="rolledBackBy">Who rolls back; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The version as it now stands (active).</returns>
    /// <exception cref="PersonalizationException">
    /// The version does not exist, was never approved or is the active one (PA0502), fails its hash check, or no longer
    /// passes against the host's contract (PA0904).
    /// </exception>
    Task<PluginVersionInfo> RollbackAsync(PluginVersionKey key, string rolledBackBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes who gets a live plugin besides its owner: everyone, a named group (as the host's
    /// <see cref="IUserGroups"/> tells), or back to its owner only. Takes effect at once and stays with the plugin's
    /// later versions. Audited.
    /// </summary>
    /// <param name="pluginId">The plugin, which must have an active version.</param>
    /// <param name="audience">Who gets it: <see cref="PluginAudience.Everyone"/>, <see cref="PluginAudience.Group(string)"/> or <see cref="PluginAudience.Owner"/>.</param>
    /// <param name="promotedBy">Who decides; written to the audit log.</param>
    /// <param name="reason">Why; written to the audit log.</param>
    /// <param name="cancellationToken">Cancels the call before it changes anything.</param>
    /// <returns>The plugin's active version.</returns>
    /// <exception cref="PersonalizationException">The plugin has no active version (PA0502).</exception>
    Task<PluginVersionInfo> PromoteAsync(string pluginId, PluginAudience audience, string promotedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Puts together the approval packet of a version: what an admin reads before deciding (see <see cref="ApprovalPacket"/>).</summary>
    /// <param name="key">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The packet, or <see langword="null"/> when there is no version with that key.</returns>
    Task<ApprovalPacket?> GetPacketAsync(PluginVersionKey key, CancellationToken cancellationToken = default);

    /// <summary>Reads how often plugins used their capabilities, counted per version, capability and UTC day (counts not yet written are written first).</summary>
    /// <param name="pluginId">Only this plugin, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts, oldest day first.</returns>
    Task<IReadOnlyList<CapabilityUsage>> GetCapabilityUsageAsync(string? pluginId = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the audit log, oldest first.</summary>
    /// <param name="pluginId">Only entries about this plugin, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(string? pluginId = null, CancellationToken cancellationToken = default);
}
