using PersonalApp.Catalog;

namespace PersonalApp;

/// <summary>
/// Where approved plugins run when the admin does not say (<see cref="PersonalizationOptions.DefaultPlacement"/>). Not a
/// <see cref="PluginPlacement"/>: a stored version always records the concrete placement it was approved with, so
/// <see cref="Auto"/> is decided at approval and never stored.
/// </summary>
public enum PlacementDefault
{
    /// <summary>
    /// <see cref="PluginPlacement.Isolated"/> when the worker runs under bubblewrap here and the contract can cross a
    /// process boundary; otherwise <see cref="PluginPlacement.InProcess"/>, with the reason in the isolation report and
    /// the approval packet.
    /// </summary>
    Auto,

    /// <summary>Always <see cref="PluginPlacement.InProcess"/>.</summary>
    InProcess,

    /// <summary>Always <see cref="PluginPlacement.Isolated"/>.</summary>
    Isolated,
}
