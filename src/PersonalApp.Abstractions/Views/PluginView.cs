namespace PersonalApp.Views;

/// <summary>
/// A small declarative view a plugin can return instead of text: a title and blocks (headings, text, key-value lists,
/// tables with typed columns, bar and line charts, badges) and the input fields that parametrize it. Plain records
/// that serialize to JSON (System.Text.Json; each block carries a <c>"type"</c> discriminator), so a host renders them
/// however it likes and markup in any text is only ever text. PersonalApp checks a returned view against
/// <see cref="ViewLimits"/> (PA0806).
/// </summary>
/// <param name="Title">The view's title.</param>
/// <param name="Blocks">What the view shows, in order.</param>
/// <example>
/// <code>
/// return new PluginView("Sales today",
/// [
///     new TableBlock([new TableColumn("Hour"), new TableColumn("Tickets", ColumnKind.Number)], [["09:00", "12"], ["10:00", "31"]]),
///     new ChartBlock(ChartKind.Bar, "Tickets by hour", ["09:00", "10:00"], [new ChartSeries("Tickets", [12, 31])]),
/// ]);
/// </code>
/// </example>
public sealed record PluginView(string Title, IReadOnlyList<ViewBlock> Blocks)
{
    /// <summary>Gets the input fields a host may show to let the user change the view's parameters; empty by default.</summary>
    public IReadOnlyList<InputField> Inputs { get; init; } = [];
}
