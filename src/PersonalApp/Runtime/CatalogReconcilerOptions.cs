namespace PersonalApp.Runtime;

/// <summary>How often the <see cref="CatalogReconciler"/> looks at every plugin even when it heard nothing.</summary>
/// <param name="ResyncInterval">The safety net's period.</param>
internal sealed record CatalogReconcilerOptions(TimeSpan ResyncInterval);
