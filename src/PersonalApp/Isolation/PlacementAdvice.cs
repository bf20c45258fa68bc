using PersonalApp.Catalog;

namespace PersonalApp.Isolation;

/// <summary>The placement an approval would choose, what it means, and why it is not the stronger one when it is not.</summary>
/// <param name="Placement">The concrete placement.</param>
/// <param name="Meaning">What it means for the admin, in one sentence.</param>
/// <param name="Warning">Why <see cref="PlacementDefault.Auto"/> fell back to in-process, or null.</param>
internal sealed record PlacementAdvice(PluginPlacement Placement, string Meaning, string? Warning);
