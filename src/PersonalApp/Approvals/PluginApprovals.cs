using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;

namespace PersonalApp.Approvals;

/// <summary>
/// The activation pipeline: approve → check hash → load → store the decision → swap in → unload the old version.
/// State changes are serialized, so the loaded set always matches the store.
/// </summary>
internal sealed class PluginApprovals : IPluginApprovals
{
    private readonly IPluginCatalog _store;
    private readonly PluginLifecycle _lifecycle;
    private readonly PluginRuntime _runtime;
    private readonly ApprovalPacketBuilder _packets;
    private readonly CapabilityUsageRecorder _usage;
    private readonly ICapabilityUsageStore _usageStore;
    private readonly ActivationGate _gate;
    private readonly bool _allowSelfApproval;

    // Versions being loaded for a decision outside the gate: one decision per version at a time, so a losing decision
    // never unloads, in a shared worker, the copy the winning one just loaded under the same key.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PluginVersionKey, byte> _deciding = new();

    private readonly PlacementAdvisor _placements;

    public PluginApprovals(IPluginCatalog store, PluginLifecycle lifecycle, PluginRuntime runtime, ApprovalPacketBuilder packets, CapabilityUsageRecorder usage, ICapabilityUsageStore usageStore, PlacementAdvisor placements, ActivationGate gate, Microsoft.Extensions.Options.IOptions<PersonalizationOptions> options)
    {
        _allowSelfApproval = options.Value.AllowSelfApproval;
        _gate = gate;
        _store = store;
        _lifecycle = lifecycle;
        _runtime = runtime;
        _packets = packets;
        _usage = usage;
        _usageStore = usageStore;
        _placements = placements;
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
    {
        RequireActor(approvedBy, nameof(approvedBy));
        return ApproveAsync(key, new ApprovalDecision(approvedBy, reason), cancellationToken);
    }

    public async Task<PluginVersionInfo> ApproveAsync(PluginVersionKey key, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        RequireActor(decision.ApprovedBy, nameof(decision));
        var unknown = decision.GrantedCapabilities.Where(c => !CapabilityNames.IsKnown(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"ApprovalDecision.GrantedCapabilities names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which {(unknown.Count == 1 ? "is not a capability" : "are not capabilities")}. Grant only: {string.Join(", ", CapabilityNames.All)}.", nameof(decision));
        }

        await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        PluginVersionInfo version;
        PluginPlacement placement;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            version = RequireStatus(key, PluginStatus.PendingApproval, "approved");
            if (!_allowSelfApproval && string.Equals(version.Owner, decision.ApprovedBy, StringComparison.Ordinal))
            {
                throw new PersonalizationException(
                    DiagnosticIds.SelfApprovalRefused,
                    $"Plugin version {key} was asked for by '{version.Owner}', who cannot approve it too (PersonalizationOptions.AllowSelfApproval is false). Another admin must decide.");
            }

            if (version.Verification.FirstOrDefault(v => v.Origin == CheckOrigin.Host && !v.Passed) is { } failed)
            {
                throw new PersonalizationException(DiagnosticIds.ApprovalBlockedByChecks, $"Plugin version {key} failed the host's acceptance check \"{failed.Name}\" ({failed.Message}), so it cannot be approved. Reject it, and ask for the feature again.");
            }

            var notAsked = decision.GrantedCapabilities.Where(c => !version.RequestedCapabilities.Contains(c, StringComparer.Ordinal)).ToList();
            if (notAsked.Count > 0)
            {
                throw new PersonalizationException(
                    DiagnosticIds.GrantNotRequested,
                    $"The decision grants {string.Join(", ", notAsked)} to {key}, which does not ask for {(notAsked.Count == 1 ? "it" : "them")} (it asks for: {(version.RequestedCapabilities.Count == 0 ? "nothing" : string.Join(", ", version.RequestedCapabilities))}). Grant only what the approval packet lists under RequestedCapabilities.");
            }

            // Capability plugins may run isolated: their capability calls come back to the host (CapabilityBroker). A
            // contract that cannot cross a process boundary is still refused with PA0704, by the load below.
            placement = _placements.Advise(version.ContractType, decision.Placement).Placement;
        }
        finally
        {
            _gate.Release();
        }

        // Loading may call a worker, so no lock is held while it runs: a worker lost meanwhile never holds up other
        // decisions. The decision is stored below by compare-and-set (PA0504 when another admin acted first).
        IReadOnlyList<string> granted = [.. CapabilityNames.All.Where(decision.GrantedCapabilities.Contains)];
        Claim(key);
        try
        {
            var loaded = await _runtime.LoadAsync(version, placement, cancellationToken).ConfigureAwait(false);
            loaded.Granted = VersionLoader.GrantedSet(granted);
            return await StoreAndActivateAsync(loaded, () => _lifecycle.Approve(version, decision.ApprovedBy, decision.Reason, granted, placement), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _deciding.TryRemove(key, out _);
        }
    }

    /// <summary>Stores a decision and swaps the loaded version in, under the gate; discards the loaded version when either fails.</summary>
    private async Task<PluginVersionInfo> StoreAndActivateAsync(LoadedPlugin loaded, Action store, CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _runtime.Discard(loaded);
            throw;
        }

        try
        {
            try
            {
                store();
            }
            catch
            {
                _runtime.Discard(loaded);
                throw;
            }

            _runtime.Activate(loaded);
            return _store.GetVersion(loaded.Key)!;
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
            _lifecycle.Reject(key, rejectedBy, reason);
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
        await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var active = FindActive(pluginId)
                ?? _store.List(PluginStatus.Suspended).LastOrDefault(v => string.Equals(v.Key.PluginId, pluginId, StringComparison.Ordinal))
                ?? throw new PersonalizationException(DiagnosticIds.InvalidTransition, $"Plugin '{pluginId}' has no active or suspended version to revoke. List active versions with ListAsync(PluginStatus.Active).");
            _lifecycle.Revoke(active.Key, revokedBy, reason);
            _runtime.Deactivate(pluginId);
            return _store.GetVersion(active.Key)!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PluginVersionInfo> RollbackAsync(PluginVersionKey key, string rolledBackBy, string reason, CancellationToken cancellationToken = default)
    {
        RequireActor(rolledBackBy, nameof(rolledBackBy));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var target = _store.GetVersion(key)
            ?? throw new PersonalizationException(DiagnosticIds.VersionNotFound, $"There is no plugin version {key}. List versions with IPluginApprovals.ListAsync(null) to find the right one.");
        if (!PluginLifecycle.OnceApproved.Contains(target.Status))
        {
            throw new PersonalizationException(
                DiagnosticIds.InvalidTransition,
                $"Plugin version {key} is {target.Status}, so it cannot be rolled back to; only a version that was approved before and is now {string.Join(", ", PluginLifecycle.OnceApproved)} can.");
        }

        // A rolled-back version runs where it ran when it was approved. Loaded without the gate (it may call a worker);
        // the lifecycle's compare-and-set refuses the rollback if the version changed status meanwhile.
        Claim(key);
        try
        {
            var loaded = await _runtime.LoadAsync(target, target.Placement ?? PluginPlacement.InProcess, cancellationToken).ConfigureAwait(false);
            return await StoreAndActivateAsync(
                loaded,
                () =>
                {
                    var active = FindActive(key.PluginId);
                    _lifecycle.RollBack(key, rolledBackBy, $"{(active is null ? "reinstated" : $"replaces v{active.Key.Version}")}: {reason}");
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _deciding.TryRemove(key, out _);
        }
    }

    private void Claim(PluginVersionKey key)
    {
        if (!_deciding.TryAdd(key, 0))
        {
            throw new PersonalizationException(
                DiagnosticIds.VersionChanged,
                $"Another admin is approving or rolling back to plugin version {key} right now. Read its status again with GetAsync before deciding.");
        }
    }

    public async Task<PluginVersionInfo> PromoteAsync(string pluginId, PluginAudience audience, string promotedBy, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginId);
        ArgumentNullException.ThrowIfNull(audience);
        RequireActor(promotedBy, nameof(promotedBy));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var active = FindActive(pluginId)
                ?? throw new PersonalizationException(DiagnosticIds.InvalidTransition, $"Plugin '{pluginId}' has no active version to share. Approve or roll back to a version first.");
            _store.SetAudience(pluginId, active.Key.Version, audience, promotedBy, reason);
            _runtime.SetAudience(pluginId, audience);
            return active;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<ApprovalPacket?> GetPacketAsync(PluginVersionKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_packets.Build(key));
    }

    public Task<IReadOnlyList<CapabilityUsage>> GetCapabilityUsageAsync(string? pluginId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _usage.Flush();
        return Task.FromResult(_usageStore.List(pluginId));
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(string? pluginId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.GetAudit(pluginId));
    }

    private PluginVersionInfo? FindActive(string pluginId)
        => _store.List(PluginStatus.Active).FirstOrDefault(v => string.Equals(v.Key.PluginId, pluginId, StringComparison.Ordinal));

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
