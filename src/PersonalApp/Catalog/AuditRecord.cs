namespace PersonalApp.Catalog;

/// <summary>An audit entry to write; the catalog gives it its sequence number and time.</summary>
/// <param name="Action">What happened, one of <see cref="AuditActions"/>.</param>
/// <param name="Actor">Who did it: a user, an admin, or <see cref="AuditActions.SystemActor"/>.</param>
/// <param name="PluginId">The plugin concerned, if any.</param>
/// <param name="Version">The version concerned, if any.</param>
/// <param name="Reason">Why, as the actor said, or what the system found.</param>
internal sealed record AuditRecord(string Action, string Actor, string? PluginId, int? Version, string? Reason);
