namespace PersonalApp.AspNetCore.Api;

/// <summary>One line of the audit log.</summary>
internal sealed record AuditView(long Sequence, DateTimeOffset At, string Action, string Actor, string? PluginId, int? Version, string? Reason);
