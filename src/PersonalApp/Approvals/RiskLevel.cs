namespace PersonalApp.Approvals;

/// <summary>How closely an admin should read a plugin version before approving it, by the rules in docs/approval.md.</summary>
public enum RiskLevel
{
    /// <summary>Pure computation over the contract's parameters, with nothing that raises the level.</summary>
    Low,

    /// <summary>Something deserves a careful read: data kept per user, a shared audience, many APIs, a failed model check, a hard repair.</summary>
    Medium,

    /// <summary>Data can leave the app (HTTP), or the version failed an acceptance example of the host.</summary>
    High,
}
