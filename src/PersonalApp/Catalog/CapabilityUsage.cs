namespace PersonalApp.Catalog;

/// <summary>How often a plugin version used one capability on one day (UTC), counted in aggregate rather than per call.</summary>
/// <param name="Plugin">The plugin version.</param>
/// <param name="Capability">The capability, one of <c>CapabilityNames</c>.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Uses">Uses the capability carried out.</param>
/// <param name="Refused">Uses it refused: not granted, over a quota or rate, an unapproved host, a failed request.</param>
public sealed record CapabilityUsage(PluginVersionKey Plugin, string Capability, DateOnly Day, long Uses, long Refused);
