using System.Reflection;

namespace PersonalApp.Views;

/// <summary>What the model is told about <see cref="PluginView"/> when a contract returns one.</summary>
internal static class ViewVocabulary
{
    /// <summary>Whether a member of the contract (or the interfaces it extends) returns or takes a view.</summary>
    public static bool UsedBy(Type contract)
        => contract.GetInterfaces().Prepend(contract)
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Any(m => m.ReturnType == typeof(PluginView) || m.GetParameters().Any(p => p.ParameterType == typeof(PluginView)));

    public static string Describe() => $"""
        Views (namespace PersonalApp.Views; add `using PersonalApp.Views;`). A view is plain data the host renders; all text is shown as text, never as markup.
        - new PluginView(string Title, IReadOnlyList<ViewBlock> Blocks), and optionally the init property Inputs = [new InputField(name, label, InputKind.Text|Number|Date|Toggle, defaultText)]
        - blocks: new HeadingBlock(text, level 1-3); new TextBlock(text); new KeyValueBlock([new KeyValueItem(key, value)]);
          new TableBlock([new TableColumn(name, ColumnKind.Text|Number|Money|Percent|Date)], rows) where rows is a list of rows, each a list of strings, one per column
          (numbers formatted with CultureInfo.InvariantCulture, for example amount.ToString("0.00", CultureInfo.InvariantCulture); dates as yyyy-MM-dd);
          new ChartBlock(ChartKind.Bar|Line, title, labels, [new ChartSeries(name, values)]) with one double value per label; new BadgeBlock(text, BadgeTone.Neutral|Good|Warning|Bad).
        - limits: at most {ViewLimits.MaxBlocks} blocks, {ViewLimits.MaxRows} rows per table, {ViewLimits.MaxCells:N0} cells, {ViewLimits.MaxChartPoints:N0} chart points, {ViewLimits.MaxTextLength:N0} characters per text; a larger view is refused.

        """;
}
