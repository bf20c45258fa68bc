using System.Globalization;

namespace PersonalApp.Views;

/// <summary>Checks a view a plugin returned against <see cref="ViewLimits"/> and the shape of its tables and charts (PA0806).</summary>
internal static class ViewChecker
{
    /// <summary>What is wrong with the view, or null when it is within its limits.</summary>
    public static string? Problem(PluginView? view)
    {
        if (view is null)
        {
            return null;
        }

        var blocks = view.Blocks ?? [];
        var cells = 0;
        var problem = Text("the title", view.Title)
            ?? (blocks.Count > ViewLimits.MaxBlocks ? $"it has {blocks.Count:N0} blocks, more than {ViewLimits.MaxBlocks}" : null)
            ?? ((view.Inputs?.Count ?? 0) > ViewLimits.MaxInputs ? $"it has {view.Inputs!.Count:N0} input fields, more than {ViewLimits.MaxInputs}" : null);
        for (var i = 0; problem is null && i < blocks.Count; i++)
        {
            problem = Block(blocks[i], i + 1, ref cells);
        }

        foreach (var input in view.Inputs ?? [])
        {
            problem ??= Text("an input's label", input?.Label) ?? Text("an input's name", input?.Name) ?? Text("an input's default", input?.Default);
        }

        return problem is null ? null : $"The plugin's view \"{Shorten(view.Title)}\" is past its limits: {problem}. Views are checked against ViewLimits; a view must stay small enough for any screen.";
    }

    private static string? Block(ViewBlock? block, int number, ref int cells)
    {
        var where = $"block {number}";
        switch (block)
        {
            case null:
                return $"{where} is null";
            case HeadingBlock heading:
                return Text(where, heading.Text) ?? (heading.Level is < 1 or > 3 ? $"{where} is a heading of level {heading.Level}; use 1 to 3" : null);
            case TextBlock text:
                return Text(where, text.Text);
            case BadgeBlock badge:
                return Text(where, badge.Text);
            case KeyValueBlock pairs:
                cells += 2 * (pairs.Items?.Count ?? 0);
                return cells > ViewLimits.MaxCells
                    ? $"it has more than {ViewLimits.MaxCells:N0} cells"
                    : (pairs.Items ?? []).Select(p => Text(where, p?.Key) ?? Text(where, p?.Value)).FirstOrDefault(p => p is not null);
            case TableBlock table:
                return Table(where, table, ref cells);
            case ChartBlock chart:
                return Chart(where, chart);
            default:
                return $"{where} is a {block.GetType().Name}, which is not part of the view vocabulary";
        }
    }

    private static string? Table(string where, TableBlock table, ref int cells)
    {
        var columns = table.Columns ?? [];
        var rows = table.Rows ?? [];
        if (rows.Count > ViewLimits.MaxRows)
        {
            return $"{where} has {rows.Count:N0} rows, more than {ViewLimits.MaxRows:N0}";
        }

        cells += columns.Count * (rows.Count + 1);
        if (cells > ViewLimits.MaxCells)
        {
            return $"it has more than {ViewLimits.MaxCells:N0} cells";
        }

        if (columns.Select(c => Text(where, c?.Name)).FirstOrDefault(p => p is not null) is { } header)
        {
            return header;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? [];
            if (row.Count != columns.Count)
            {
                return $"{where}, row {r + 1} has {row.Count} cells for {columns.Count} columns";
            }

            for (var c = 0; c < row.Count; c++)
            {
                if (Text(where, row[c]) is { } text)
                {
                    return text;
                }

                if (!Fits(columns[c]!.Kind, row[c]))
                {
                    return $"{where}, row {r + 1}: '{Shorten(row[c])}' is not a {columns[c]!.Kind} for column '{columns[c]!.Name}'";
                }
            }
        }

        return null;
    }

    private static string? Chart(string where, ChartBlock chart)
    {
        var labels = chart.Labels ?? [];
        var series = chart.Series ?? [];
        if ((long)labels.Count * Math.Max(1, series.Count) > ViewLimits.MaxChartPoints)
        {
            return $"{where} has {labels.Count:N0} labels in {series.Count:N0} series, more than {ViewLimits.MaxChartPoints:N0} points";
        }

        return Text(where, chart.Title)
            ?? labels.Select(l => Text(where, l)).FirstOrDefault(p => p is not null)
            ?? series.Select(s => s is null ? $"{where} has a null series"
                : Text(where, s.Name) ?? ((s.Values?.Count ?? 0) != labels.Count ? $"{where}, series '{Shorten(s.Name)}' has {s.Values?.Count ?? 0} values for {labels.Count} labels"
                : s.Values!.Any(v => !double.IsFinite(v)) ? $"{where}, series '{Shorten(s.Name)}' has a value that is not a finite number" : null))
                .FirstOrDefault(p => p is not null);
    }

    private static bool Fits(ColumnKind kind, string? cell) => kind switch
    {
        _ when string.IsNullOrEmpty(cell) => true,
        ColumnKind.Number or ColumnKind.Money or ColumnKind.Percent => decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        ColumnKind.Date => DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };

    private static string? Text(string where, string? text)
        => text is { Length: > ViewLimits.MaxTextLength } ? $"{where} has a text of {text.Length:N0} characters, more than {ViewLimits.MaxTextLength:N0}" : null;

    private static string Shorten(string? text) => text is null ? "null" : text.Length > 40 ? text[..40] + "..." : text;
}
