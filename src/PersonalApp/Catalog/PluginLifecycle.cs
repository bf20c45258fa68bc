namespace PersonalApp.Catalog;

/// <summary>
/// The one home of the plugin state machine: which status may follow which, what else moves with it (approving
/// supersedes the version that was active), and the audit entries each move writes. Every status change in the engine
/// goes through here; the catalog only applies the change it is given, atomically and only if nobody moved the version
/// first.
/// </summary>
/// <remarks>
/// <code>
/// PendingApproval --approve--> Active --revoke--> Revoked
///        |                       |  \--disable (system)--> Disabled
///        +--reject--> Rejected   |   \--suspend (system)--> Suspended --revoke--> Revoked
///        +--quarantine (system)--+--> Quarantined
/// Superseded | Revoked | Disabled | Suspended --roll back--> Active   (a new approval supersedes the active one)
/// </code>
/// </remarks>
internal sealed class PluginLifecycle
{
    /// <summary>The statuses of a version that an admin approved once, and so can be rolled back to.</summary>
    public static readonly IReadOnlyList<PluginStatus> OnceApproved = [PluginStatus.Superseded, PluginStatus.Revoked, PluginStatus.Disabled, PluginStatus.Suspended];

    private static readonly Dictionary<LifecycleEvent, Transition> Transitions = new()
    {
        [LifecycleEvent.Approve] = new([PluginStatus.PendingApproval], PluginStatus.Active, AuditActions.Approved, "approved"),
        [LifecycleEvent.Reject] = new([PluginStatus.PendingApproval], PluginStatus.Rejected, AuditActions.Rejected, "rejected"),
        [LifecycleEvent.Revoke] = new([PluginStatus.Active, PluginStatus.Suspended], PluginStatus.Revoked, AuditActions.Revoked, "revoked"),
        [LifecycleEvent.RollBack] = new(OnceApproved, PluginStatus.Active, AuditActions.RolledBack, "rolled back to"),
        [LifecycleEvent.Suspend] = new([PluginStatus.Active], PluginStatus.Suspended, AuditActions.Suspended, "suspended"),
        [LifecycleEvent.Disable] = new([PluginStatus.Active], PluginStatus.Disabled, AuditActions.Disabled, "disabled"),
        [LifecycleEvent.Quarantine] = new([PluginStatus.Active, PluginStatus.PendingApproval], PluginStatus.Quarantined, AuditActions.Quarantined, "quarantined"),
    };

    private readonly IPluginCatalog _catalog;

    public PluginLifecycle(IPluginCatalog catalog) => _catalog = catalog;

    /// <summary>Whether a version in <paramref name="status"/> may take <paramref name="event"/>.</summary>
    public static bool Allows(LifecycleEvent @event, PluginStatus status) => Transitions[@event].From.Contains(status);

    /// <summary>Approves a pending version, superseding the plugin's active one, with the grants and placement chosen.</summary>
    /// <param name="key">The version.</param>
    /// <param name="actor">The admin.</param>
    /// <param name="reason">Why, as they said.</param>
    /// <param name="granted">The capabilities granted; recorded with their own audit entry when the version asks for any.</param>
    /// <param name="placement">Where it runs.</param>
    /// <returns>The versions it superseded.</returns>
    public IReadOnlyList<PluginVersionKey> Approve(PluginVersionKey key, string actor, string? reason, IReadOnlyList<string> granted, PluginPlacement placement)
        => Move(LifecycleEvent.Approve, key, actor, reason, granted, placement);

    /// <summary>
    /// Approves a pending version the caller has just read, without reading it again: the store's compare-and-set still
    /// refuses the change (PA0504) when the version is no longer in the status read.
    /// </summary>
    /// <returns>The versions it superseded.</returns>
    public IReadOnlyList<PluginVersionKey> Approve(PluginVersionInfo version, string actor, string? reason, IReadOnlyList<string> granted, PluginPlacement placement)
        => Move(LifecycleEvent.Approve, version, actor, reason, granted, placement);

    /// <summary>Rejects a pending version.</summary>
    public void Reject(PluginVersionKey key, string actor, string reason) => Move(LifecycleEvent.Reject, key, actor, reason);

    /// <summary>Revokes an active or suspended version.</summary>
    public void Revoke(PluginVersionKey key, string actor, string reason) => Move(LifecycleEvent.Revoke, key, actor, reason);

    /// <summary>Makes a once-approved version active again, superseding the active one.</summary>
    /// <returns>The versions it superseded.</returns>
    public IReadOnlyList<PluginVersionKey> RollBack(PluginVersionKey key, string actor, string reason) => Move(LifecycleEvent.RollBack, key, actor, reason);

    /// <summary>Suspends an active version that no longer compiles against the host's contract (system).</summary>
    public void Suspend(PluginVersionKey key, string reason) => Move(LifecycleEvent.Suspend, key, AuditActions.SystemActor, reason);

    /// <summary>Disables an active version that kept failing (system).</summary>
    public void Disable(PluginVersionKey key, string reason) => Move(LifecycleEvent.Disable, key, AuditActions.SystemActor, reason);

    /// <summary>Quarantines a version whose stored bytes or row cannot be trusted (system).</summary>
    public void Quarantine(PluginVersionKey key, string reason) => Move(LifecycleEvent.Quarantine, key, AuditActions.SystemActor, reason);

    private IReadOnlyList<PluginVersionKey> Move(LifecycleEvent @event, PluginVersionKey key, string actor, string? reason, IReadOnlyList<string>? granted = null, PluginPlacement? placement = null)
    {
        var version = _catalog.GetVersion(key)
            ?? throw new PersonalizationException(DiagnosticIds.VersionNotFound, $"There is no plugin version {key}. List versions with IPluginApprovals.ListAsync to find the right one.");
        return Move(@event, version, actor, reason, granted, placement);
    }

    private IReadOnlyList<PluginVersionKey> Move(LifecycleEvent @event, PluginVersionInfo version, string actor, string? reason, IReadOnlyList<string>? granted, PluginPlacement? placement)
    {
        var rule = Transitions[@event];
        var key = version.Key;
        if (!rule.From.Contains(version.Status))
        {
            throw new PersonalizationException(
                DiagnosticIds.InvalidTransition,
                $"Plugin version {key} is {version.Status}, so it cannot be {rule.Verb}; only a version that is {string.Join(" or ", rule.From)} can.");
        }

        var changes = new List<StatusChange>();
        var audit = new List<AuditRecord>();
        var superseded = new List<PluginVersionKey>();
        if (rule.To == PluginStatus.Active)
        {
            foreach (var sibling in _catalog.ListVersions(key.PluginId).Where(v => v.Status == PluginStatus.Active && v.Key != key))
            {
                superseded.Add(sibling.Key);
                changes.Add(new StatusChange(sibling.Key, PluginStatus.Active, PluginStatus.Superseded));
                audit.Add(new AuditRecord(AuditActions.Superseded, actor, sibling.Key.PluginId, sibling.Key.Version, $"replaced by v{key.Version}"));
            }
        }

        // The grants are stored, and get their own audit entry, whenever the version asks for something, granted or not.
        var grants = granted is not null && version.RequestedCapabilities.Count > 0 ? granted : null;
        changes.Add(new StatusChange(key, version.Status, rule.To) { DecidedBy = actor, DecisionReason = reason, Placement = placement, GrantedCapabilities = grants });
        audit.Add(new AuditRecord(rule.Action, actor, key.PluginId, key.Version, reason));
        if (grants is not null)
        {
            var withheld = version.RequestedCapabilities.Except(grants, StringComparer.Ordinal).ToList();
            audit.Add(new AuditRecord(AuditActions.CapabilitiesGranted, actor, key.PluginId, key.Version,
                $"granted: {(grants.Count == 0 ? "none" : string.Join(", ", grants))}{(withheld.Count == 0 ? string.Empty : "; not granted: " + string.Join(", ", withheld))}"));
        }

        try
        {
            _catalog.Apply(new CatalogChange(changes, audit));
        }
        catch (CatalogConflictException ex)
        {
            throw new PersonalizationException(
                DiagnosticIds.VersionChanged,
                $"Plugin version {ex.Key?.ToString() ?? key.ToString()} changed state while it was being {rule.Verb} (another admin or another node acted first: it is now {ex.Actual?.ToString() ?? "gone"}); nothing was changed. Read it again and decide on what it is now.");
        }

        return superseded;
    }

    private sealed record Transition(IReadOnlyList<PluginStatus> From, PluginStatus To, string Action, string Verb);
}
