namespace PersonalApp.Catalog;

/// <summary>The actions written to the audit log.</summary>
internal static class AuditActions
{
    public const string Requested = "requested";
    public const string RequestFailed = "request-failed";
    public const string RequestInterrupted = "request-interrupted";
    public const string Generated = "generated";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Superseded = "superseded";
    public const string Revoked = "revoked";
    public const string Quarantined = "quarantined";
    public const string Loaded = "loaded";
    public const string LoadFailed = "load-failed";
    public const string Disabled = "disabled";
    public const string CapabilitiesGranted = "capabilities-granted";
    public const string RolledBack = "rolled-back";
    public const string Promoted = "promoted";
    public const string Suspended = "suspended";
    public const string Rechecked = "rechecked";
    public const string Reused = "reused";

    public const string SystemActor = "system";
}
