namespace PersonalApp.Catalog;

/// <summary>What can happen to a plugin version; <see cref="PluginLifecycle"/> says from which statuses and to which.</summary>
internal enum LifecycleEvent
{
    /// <summary>An admin approves a pending version.</summary>
    Approve,

    /// <summary>An admin rejects a pending version.</summary>
    Reject,

    /// <summary>An admin revokes the live version.</summary>
    Revoke,

    /// <summary>An admin makes a once-approved version live again.</summary>
    RollBack,

    /// <summary>The system suspends a version that no longer compiles against the host's contract.</summary>
    Suspend,

    /// <summary>The system disables a version that kept failing.</summary>
    Disable,

    /// <summary>The system quarantines a version that cannot be trusted.</summary>
    Quarantine,
}
