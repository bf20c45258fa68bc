using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using PersonalApp.Views;

namespace PersonalApp.AspNetCore;

/// <summary>
/// Renders a plugin's <see cref="PluginView"/> as HTML on the server, for pages built without script (Razor Pages, MVC,
/// minimal APIs returning HTML). Every text a plugin wrote is HTML-encoded, so markup in a view is only ever shown as
/// text; charts are inline SVG drawn from numbers alone; nothing needs inline script or inline style, so a strict
/// Content-Security-Policy holds. Style it with the <c>pa-view</c> classes of the UI's stylesheet
/// (<c>{prefix}/ui/assets/app.css</c>) or your own.
/// </summary>
/// <example>
/// <code>
/// var outcome = feature.Invoke(sales, static (report, sales) => report.Render(sales));
/// if (outcome.IsCompleted)
/// {
///     html.Append(PluginViewHtml.Render(outcome.Value, titleLevel: 3));
/// }
/// </code>
/// </example>
public static class PluginViewHtml
{

    /// <summary>Renders a view as one <c>&lt;article class="pa-view"&gt;</c> element.</summary>
    /// <param name="view">The view, usually what a plugin returned (PersonalApp has checked it against <see cref="ViewLimits"/>).</param>
    /// <param name="titleLevel">
    /// The heading level of the view's title, 1 to 6 (default 2); the view's own headings come below it, down to 6.
    /// </param>
    /// <returns>The HTML, ready to write into a page without further encoding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="view"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="titleLevel"/> is not between 1 and 6.</exception>
    /// <remarks>
    /// The view's input fields are rendered as named fields without a form: wrap the view in your own form to send their
    /// values back through your contract. A view that breaks the limits PersonalApp checks (rows longer or shorter than
    /// the columns, series with too few values) still renders: missing cells are empty and missing values are skipped.
    /// </remarks>
    public static HtmlString Render(PluginView view, int titleLevel = 2)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentOutOfRangeException.ThrowIfLessThan(titleLevel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(titleLevel, 6);

        var html = new StringBuilder(1024);
        html.Append("<article class=\"pa-view\">");
        Heading(html, titleLevel, "pa-view-title", view.Title);
        foreach (var block in view.Blocks ?? [])
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Heading(html, Math.Min(6, titleLevel + Math.Clamp(heading.Level, 1, 3)), "pa-heading", heading.Text);
                    break;
                case TextBlock text:
                    html.Append("<p class=\"pa-text\">").Append(E(text.Text)).Append("</p>");
                    break;
                case BadgeBlock badge:
                    html.Append("<p><span class=\"pa-badge pa-badge-").Append(badge.Tone.ToString().ToLowerInvariant()).Append("\">")
                        .Append(E(badge.Text)).Append("</span></p>");
                    break;
                case KeyValueBlock pairs:
                    KeyValues(html, pairs);
                    break;
                case TableBlock table:
                    Table(html, table);
                    break;
                case ChartBlock chart:
                    PluginViewChart.Render(html, chart);
                    break;
            }
        }

        Inputs(html, view.Inputs ?? []);
        html.Append("</article>");
        return new HtmlString(html.ToString());
    }

    /// <summary>HTML-encodes a plugin's text; control characters other than line breaks and tabs become U+FFFD.</summary>
    internal static string E(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r'))
        {
            text = string.Concat(text.Select(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r' ? '\uFFFD' : c));
        }

        return WebUtility.HtmlEncode(text);
    }

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Heading(StringBuilder html, int level, string cssClass, string? text)
        => html.Append("<h").Append(level).Append(" class=\"").Append(cssClass).Append("\">").Append(E(text)).Append("</h").Append(level).Append('>');

    private static void KeyValues(StringBuilder html, KeyValueBlock pairs)
    {
        html.Append("<dl class=\"pa-kv\">");
        foreach (var item in pairs.Items ?? [])
        {
            html.Append("<dt>").Append(E(item?.Key)).Append("</dt><dd>").Append(E(item?.Value)).Append("</dd>");
        }

        html.Append("</dl>");
    }

    private static void Table(StringBuilder html, TableBlock table)
    {
        var columns = table.Columns ?? [];
        html.Append("<div class=\"pa-table-wrap\"><table class=\"pa-table\"><thead><tr>");
        foreach (var column in columns)
        {
            html.Append("<th scope=\"col\"").Append(CellClass(column)).Append('>').Append(E(column?.Name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows ?? [])
        {
            html.Append("<tr>");
            for (var c = 0; c < columns.Count; c++)
            {
                html.Append("<td").Append(CellClass(columns[c])).Append('>').Append(E(row is not null && c < row.Count ? row[c] : null)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static string CellClass(TableColumn? column) => column?.Kind switch
    {
        ColumnKind.Number or ColumnKind.Money or ColumnKind.Percent => " class=\"pa-num\"",
        _ => string.Empty,
    };

    private static void Inputs(StringBuilder html, IReadOnlyList<InputField> inputs)
    {
        if (inputs.Count == 0)
        {
            return;
        }

        html.Append("<fieldset class=\"pa-inputs\"><legend>Parameters</legend>");
        foreach (var input in inputs.Where(i => i is not null))
        {
            html.Append("<label>").Append(E(input.Label)).Append(' ');
            if (input.Kind == InputKind.Toggle)
            {
                html.Append("<input type=\"checkbox\" name=\"").Append(E(input.Name)).Append("\" value=\"true\"")
                    .Append(bool.TryParse(input.Default, out var on) && on ? " checked=\"checked\"" : string.Empty).Append(" />");
            }
            else
            {
                var type = input.Kind switch { InputKind.Number => "number", InputKind.Date => "date", _ => "text" };
                html.Append("<input type=\"").Append(type).Append("\" name=\"").Append(E(input.Name)).Append('"');
                if (input.Kind == InputKind.Number)
                {
                    html.Append(" step=\"any\"");
                }

                if (input.Default is not null)
                {
                    html.Append(" value=\"").Append(E(input.Default)).Append('"');
                }

                html.Append(" />");
            }

            html.Append("</label>");
        }

        html.Append("</fieldset>");
    }
}
