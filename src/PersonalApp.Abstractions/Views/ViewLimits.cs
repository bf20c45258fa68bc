namespace PersonalApp.Views;

/// <summary>
/// How big a <see cref="PluginView"/> may be. PersonalApp checks every view a plugin returns; one past a limit is refused
/// with PA0806, so a plugin cannot flood a host's screen or memory through its view.
/// </summary>
public static class ViewLimits
{
    /// <summary>The most blocks in a view.</summary>
    public const int MaxBlocks = 50;

    /// <summary>The most rows in one table.</summary>
    public const int MaxRows = 500;

    /// <summary>The most cells in one view, over all its tables and key-value lists.</summary>
    public const int MaxCells = 10_000;

    /// <summary>The most characters in any one text (a title, a cell, a label, a paragraph).</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>The most points in one chart (labels times series).</summary>
    public const int MaxChartPoints = 2_000;

    /// <summary>The most input fields.</summary>
    public const int MaxInputs = 10;
}
