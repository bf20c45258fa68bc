namespace PersonalApp.Catalog;

/// <summary>
/// Status changes and audit entries that a catalog applies in one transaction, each change only if its version still
/// has the status it expects (optimistic concurrency: two admins, or two nodes, cannot both move one version).
/// </summary>
/// <param name="Changes">The status changes, applied in order.</param>
/// <param name="Audit">The audit entries written with them.</param>
internal sealed record CatalogChange(IReadOnlyList<StatusChange> Changes, IReadOnlyList<AuditRecord> Audit);
