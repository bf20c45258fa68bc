using System.Globalization;
using System.Text;
using PersonalApp.Views;

namespace TicketKiosk;

/// <summary>
/// Renders a plugin's view as plain text for the console. Everything a plugin wrote is text: markup stays as typed,
/// and control characters (terminal escape sequences among them) are shown as '?', so a view cannot drive the terminal.
/// </summary>
internal static class ViewText
{
    public static string Render(PluginView view)
    {
        var text = new StringBuilder();
        text.AppendLine(Clean(view.Title)).AppendLine(new string('=', Math.Min(60, Clean(view.Title).Length)));
        foreach (var block in view.Blocks)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    text.AppendLine().AppendLine((heading.Level == 1 ? "## " : "### ") + Clean(heading.Text));
                    break;
                case TextBlock paragraph:
                    text.AppendLine(Clean(paragraph.Text));
                    break;
                case BadgeBlock badge:
                    text.AppendLine($"[{badge.Tone.ToString().ToUpperInvariant()}] {Clean(badge.Text)}");
                    break;
                case KeyValueBlock pairs:
                    var width = pairs.Items.Select(i => Clean(i.Key).Length).DefaultIfEmpty(0).Max();
                    foreach (var item in pairs.Items)
                    {
                        text.AppendLine($"{Clean(item.Key).PadRight(width)}  {Clean(item.Value)}");
                    }

                    break;
                case TableBlock table:
                    Table(text, table);
                    break;
                case ChartBlock chart:
                    Chart(text, chart);
                    break;
            }
        }

        return text.ToString();
    }

    private static void Table(StringBuilder text, TableBlock table)
    {
        var widths = table.Columns.Select((c, i) => table.Rows.Select(r => Clean(r[i]).Length).Prepend(Clean(c.Name).Length).Max()).ToList();
        string Line(IEnumerable<string> cells) => string.Join("  ", cells.Select((cell, i) => table.Columns[i].Kind is ColumnKind.Text or ColumnKind.Date ? Clean(cell).PadRight(widths[i]) : Clean(cell).PadLeft(widths[i]))).TrimEnd();
        text.AppendLine(Line(table.Columns.Select(c => c.Name)));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in table.Rows)
        {
            text.AppendLine(Line(row));
        }
    }

    private static void Chart(StringBuilder text, ChartBlock chart)
    {
        text.AppendLine(Clean(chart.Title));
        var max = chart.Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        var width = chart.Labels.Select(l => Clean(l).Length).DefaultIfEmpty(0).Max();
        foreach (var series in chart.Series)
        {
            if (chart.Series.Count > 1)
            {
                text.AppendLine("  " + Clean(series.Name));
            }

            for (var i = 0; i < chart.Labels.Count; i++)
            {
                var value = series.Values[i];
                var bar = max <= 0 ? 0 : (int)Math.Round(Math.Max(0, value) / max * 30);
                text.AppendLine($"  {Clean(chart.Labels[i]).PadRight(width)} {new string(chart.Kind == ChartKind.Bar ? '#' : '.', bar)} {value.ToString("0.##", CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static string Clean(string? text)
        => text is null ? string.Empty : string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
