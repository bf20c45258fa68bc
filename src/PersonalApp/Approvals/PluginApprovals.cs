using PersonalApp.Runtime;
using PersonalApp.Storage;

namespace PersonalApp.Approvals;

/// <summary>
/// The activation pipeline: approve → check hash → load → store the decision → swap in → unload the old version.
/// State changes are serialized, so the loaded set always matches the store.
/// </summary>
internal sealed class PluginApprovals : IPluginApprovals
{
    private readonly PluginStore _store;
    private readonly PluginRuntime _runtime;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly PersonalizationOptions _options;

    public PluginApprovals(PluginStore store, PluginRuntime runtime, Microsoft.Extensions.Options.IOptions<PersonalizationOptions> options)
    {
        _store = store;
        _runtime = runtime;
        _options = options.Value;
    }

    public Task<IReadOnlyList<PluginVersionInfo>> ListAsync(PluginStatus? status = PluginStatus.PendingApproval, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.List(status));
    }

    public Task<PluginVersionInfo?> GetAsync(PluginVersionKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.GetVersion(key));
    }

    public Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, string approvedBy, string? reason = null, CancellationToken cancellationToken = default)
        => ApproveAsync(key, new ApprovalDecision(approvedBy, reason), cancellationToken);

    public async Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        RequireActor(decision.ApprovedBy, nameof(decision));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _runtime.EnsureInitialized();
            var version = RequireStatus(key, PluginStatus.PendingApproval, "approved");
            if (version.Verification.FirstOrDefault(v => v.Origin == Verification.CheckOrigin.Host && !v.Passed) is { } failed)
            {
                throw new PersonalizationException(DiagnosticIds.ApprovalBlockedByChecks, $"Plugin version {key} failed the host's acceptance check \"{failed.Name}\" ({failed.Message}), so it cannot be approved. Reject it, and ask for the feature again.");
            }

            var placement = decision.Placement ?? _options.DefaultPlacement;
            var loaded = _runtime.Load(version, placement);
            try
            {
                _store.Transition(key, [PluginStatus.PendingApproval], PluginStatus.Active, AuditActions.Approved, decision.ApprovedBy, decision.Reason, placement);
            }
            catch
            {
                _runtime.Discard(loaded);
                throw;
            }

            _runtime.Activate(loaded);
            return _store.GetVersion(key)!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PluginVersionInfo> RejectAsync(PluginVersionKey key, string rejectedBy, string reason, CancellationToken cancellationToken = default)
    {
        RequireActor(rejectedBy, nameof(rejectedBy));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _store.Transition(key, [PluginStatus.PendingApproval], PluginStatus.Rejected, AuditActions.Rejected, rejectedBy, reason);
            return _store.GetVersion(key)!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PluginVersionInfo> RevokeAsync(string pluginId, string revokedBy, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginId);
        RequireActor(revokedBy, nameof(revokedBy));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _runtime.EnsureInitialized();
            var active = _store.List(PluginStatus.Active).FirstOrDefault(v => string.Equals(v.Key.PluginId, pluginId, StringComparison.Ordinal))
                ?? throw new PersonalizationException(DiagnosticIds.InvalidTransition, $"Plugin '{pluginId}' has no active version to revoke. List active versions with ListAsync(PluginStatus.Active).");
            _store.Transition(active.Key, [PluginStatus.Active], PluginStatus.Revoked, AuditActions.Revoked, revokedBy, reason);
            _runtime.Deactivate(pluginId);
            return _store.GetVersion(active.Key)!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(string? pluginId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.GetAudit(pluginId));
    }

    private PluginVersionInfo RequireStatus(PluginVersionKey key, PluginStatus expected, string action)
    {
        var version = _store.GetVersion(key)
            ?? throw new PersonalizationException(DiagnosticIds.VersionNotFound, $"There is no plugin version {key}. List versions with IPluginApprovals.ListAsync to find the right one.");
        return version.Status == expected
            ? version
            : throw new PersonalizationException(DiagnosticIds.InvalidTransition, $"Plugin version {key} is {version.Status}, so it cannot be {action}; only a version that is {expected} can.");
    }

    private static void RequireActor(string actor, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("Say who makes the decision: it is written to the audit log.", parameterName);
        }
    }
}
