namespace PersonalApp.Catalog;

/// <summary>One line of the append-only audit log: a change of state, who made it, when and why.</summary>
/// <param name="Sequence">The entry's position in the log, increasing.</param>
/// <param name="At">When it happened.</param>
/// <param name="Action">What happened, for example <c>approved</c> or <c>quarantined</c>.</param>
/// <param name="Actor">Who did it: a user, an admin, or <c>system</c>.</param>
/// <param name="PluginId">The plugin concerned, if any.</param>
/// <param name="Version">The version concerned, if any.</param>
/// <param name="Reason">Why, as the actor said, or what the system found.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Action, string Actor, string? PluginId, int? Version, string? Reason);
