namespace PersonalApp.Catalog;

/// <summary>Capability usage counted in aggregate (per version, capability and day), added to, never rewritten.</summary>
internal interface ICapabilityUsageStore
{
    /// <summary>Adds counts to the stored ones.</summary>
    void Add(IEnumerable<CapabilityUsage> counts);

    /// <summary>The counts: all of them, or one plugin's.</summary>
    IReadOnlyList<CapabilityUsage> List(string? pluginId);
}
