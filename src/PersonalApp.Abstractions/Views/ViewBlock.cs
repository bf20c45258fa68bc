using System.Text.Json.Serialization;

namespace PersonalApp.Views;

/// <summary>One block of a <see cref="PluginView"/>. Serialized with a <c>"type"</c> discriminator naming the kind of block.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeadingBlock), "heading")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(KeyValueBlock), "keyValue")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ChartBlock), "chart")]
[JsonDerivedType(typeof(BadgeBlock), "badge")]
public abstract record ViewBlock;

/// <summary>A heading.</summary>
/// <param name="Text">The heading's text.</param>
/// <param name="Level">1 (largest) to 3.</param>
public sealed record HeadingBlock(string Text, int Level = 1) : ViewBlock;

/// <summary>A paragraph of plain text (never interpreted as markup).</summary>
/// <param name="Text">The text.</param>
public sealed record TextBlock(string Text) : ViewBlock;

/// <summary>A list of labelled values, such as totals.</summary>
/// <param name="Items">The pairs, in order.</param>
public sealed record KeyValueBlock(IReadOnlyList<KeyValueItem> Items) : ViewBlock;

/// <summary>One labelled value.</summary>
/// <param name="Key">The label.</param>
/// <param name="Value">The value, as text.</param>
public sealed record KeyValueItem(string Key, string Value);

/// <summary>A table whose columns say what their cells hold.</summary>
/// <param name="Columns">The columns.</param>
/// <param name="Rows">The rows: one cell per column, as text (numbers with invariant culture: <c>1234.5</c>; dates as <c>yyyy-MM-dd</c>).</param>
public sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ViewBlock;

/// <summary>A table column.</summary>
/// <param name="Name">The header.</param>
/// <param name="Kind">What its cells hold, so a host can align and format them.</param>
public sealed record TableColumn(string Name, ColumnKind Kind = ColumnKind.Text);

/// <summary>What a table column's cells hold.</summary>
public enum ColumnKind
{
    /// <summary>Plain text.</summary>
    Text,

    /// <summary>A number, written with invariant culture (<c>1234.5</c>).</summary>
    Number,

    /// <summary>An amount of money, written like a number.</summary>
    Money,

    /// <summary>A percentage, written like a number (<c>12.5</c> for 12.5 %).</summary>
    Percent,

    /// <summary>A date, written <c>yyyy-MM-dd</c>.</summary>
    Date,
}

/// <summary>A bar or line chart: labels along one axis, one or more series of values.</summary>
/// <param name="Kind">Bars or lines.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Labels">The labels along the axis.</param>
/// <param name="Series">The series; each has one value per label.</param>
public sealed record ChartBlock(ChartKind Kind, string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series) : ViewBlock;

/// <summary>How a chart draws its series.</summary>
public enum ChartKind
{
    /// <summary>Bars.</summary>
    Bar,

    /// <summary>Lines.</summary>
    Line,
}

/// <summary>One series of a chart.</summary>
/// <param name="Name">Its name, for the legend.</param>
/// <param name="Values">One value per label.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>A short status label.</summary>
/// <param name="Text">The label.</param>
/// <param name="Tone">How it should look.</param>
public sealed record BadgeBlock(string Text, BadgeTone Tone = BadgeTone.Neutral) : ViewBlock;

/// <summary>The tone of a badge.</summary>
public enum BadgeTone
{
    /// <summary>Neither good nor bad.</summary>
    Neutral,

    /// <summary>Good news.</summary>
    Good,

    /// <summary>Worth a look.</summary>
    Warning,

    /// <summary>Bad news.</summary>
    Bad,
}

/// <summary>An input a host may show so the user can change a view's parameters (the host passes the values through its contract).</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Label">What the user sees.</param>
/// <param name="Kind">What it takes.</param>
/// <param name="Default">Its initial value, as text, or null.</param>
public sealed record InputField(string Name, string Label, InputKind Kind = InputKind.Text, string? Default = null);

/// <summary>What an <see cref="InputField"/> takes.</summary>
public enum InputKind
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A date (<c>yyyy-MM-dd</c>).</summary>
    Date,

    /// <summary>Yes or no.</summary>
    Toggle,
}
