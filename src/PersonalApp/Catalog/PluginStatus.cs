namespace PersonalApp.Catalog;

/// <summary>Where a plugin version stands.</summary>
public enum PluginStatus
{
    /// <summary>Generated, compiled and stored; waiting for an admin.</summary>
    PendingApproval,

    /// <summary>Approved and live: loaded, and handed to callers of <see cref="IPersonalFeatures"/>.</summary>
    Active,

    /// <summary>Turned down by an admin; never loaded.</summary>
    Rejected,

    /// <summary>Was active until a newer version of the same plugin was approved.</summary>
    Superseded,

    /// <summary>Was active until an admin revoked it; unloaded.</summary>
    Revoked,

    /// <summary>Its stored DLL no longer matches the approved SHA-256; never loaded again.</summary>
    Quarantined,

    /// <summary>Was active until its calls failed too often (faults or limits) within the window; unloaded.</summary>
    Disabled,

    /// <summary>
    /// Was active until the host's contract changed and its source no longer compiled or passed the sandbox policy
    /// against it at start-up; not loaded. Listed for the admin, who can roll back, ask for a new version, or revoke it.
    /// </summary>
    Suspended,
}
