using System.Globalization;
using System.Text;

namespace PersonalApp.Benchmarks.Reporting;

/// <summary>The summary every mode ends with: one Markdown table of figures and ratios, then notes on what was missed and why.</summary>
internal sealed class ResultTable
{
    public const string Met = "met";
    public const string Missed = "**missed**";

    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _notes = [];
    private readonly List<(string Title, string Markdown)> _sections = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(string area, string measurement, string figure, string baseline = "", double? ratio = null, string target = "", bool? met = null)
        => _rows.Add(new ResultRow(area, measurement, figure, baseline, ratio is { } r ? Ratio(r) : string.Empty, target, met switch { true => Met, false => Missed, null => string.Empty }));

    /// <summary>Adds a sentence under the table, for a miss's cause or a caveat of a figure.</summary>
    public void Note(string text) => _notes.Add(text);

    /// <summary>Adds a table of its own after the summary, for figures that explain others.</summary>
    public void AddSection(string title, string markdown) => _sections.Add((title, markdown));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| area | measurement | figure | compared with | ratio | target | |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Area} | {row.Measurement} | {row.Figure} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Verdict} |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        foreach (var (title, markdown) in _sections)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
            text.AppendLine();
            text.Append(markdown);
        }

        return text.ToString();
    }

    public static string Ratio(double ratio) => ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x";

    /// <summary>A duration given in milliseconds, in the unit that reads best.</summary>
    public static string Time(double milliseconds) => milliseconds switch
    {
        double.NaN => "n/a",
        < 0.001 => (milliseconds * 1_000_000).ToString("0.0", CultureInfo.InvariantCulture) + " ns",
        < 1 => (milliseconds * 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        < 1_000 => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms",
        _ => (milliseconds / 1_000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
    };

    public static string Megabytes(double megabytes) => megabytes.ToString(Math.Abs(megabytes) < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Kilobytes(double kilobytes) => kilobytes.ToString(kilobytes < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " KB";

    public static string Count(double count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
