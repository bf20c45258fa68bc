using System.Globalization;
using System.Text;
using PersonalApp.Views;
using static PersonalApp.AspNetCore.PluginViewHtml;

namespace PersonalApp.AspNetCore;

/// <summary>Bar and line charts as inline SVG: geometry from the numbers, every label encoded, colours from CSS classes.</summary>
internal static class PluginViewChart
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 240;
    private const int PlotLeft = 48;
    private const int PlotTop = 12;
    private const int PlotBottom = 36;
    private const int MaxAxisLabels = 16;
    private const int SeriesPalette = 6;
    public static void Render(StringBuilder html, ChartBlock chart)
    {
        var labels = chart.Labels ?? [];
        var series = (chart.Series ?? []).Where(s => s is not null).ToList();
        var values = series.SelectMany(s => (s.Values ?? []).Take(labels.Count)).Where(double.IsFinite).ToList();
        var max = values.Count == 0 ? 0 : Math.Max(0, values.Max());
        var min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        var span = max - min;
        var plotWidth = ChartWidth - PlotLeft - 8;
        var plotHeight = ChartHeight - PlotTop - PlotBottom;
        double Y(double value) => span <= 0 ? PlotTop + plotHeight : PlotTop + (max - value) / span * plotHeight;
        var zero = Y(0);
        var slot = labels.Count == 0 ? plotWidth : (double)plotWidth / labels.Count;

        html.Append("<figure class=\"pa-chart pa-chart-").Append(chart.Kind == ChartKind.Line ? "line" : "bar").Append("\"><figcaption>")
            .Append(E(chart.Title)).Append("</figcaption>")
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(ChartWidth).Append(' ').Append(ChartHeight)
            .Append("\" role=\"img\" aria-label=\"").Append(E(chart.Title)).Append("\">");

        // Axis: the baseline and the largest and smallest values.
        Line(html, PlotLeft, zero, ChartWidth - 8, zero, "pa-axis");
        Text(html, PlotLeft - 6, PlotTop + 4, "end", Number(max));
        if (min < 0)
        {
            Text(html, PlotLeft - 6, PlotTop + plotHeight, "end", Number(min));
        }

        Text(html, PlotLeft - 6, zero + 4, "end", "0");
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)MaxAxisLabels));
        for (var i = 0; i < labels.Count; i += every)
        {
            Text(html, PlotLeft + (slot * i) + (slot / 2), ChartHeight - 14, "middle", labels[i]);
        }

        for (var s = 0; s < series.Count; s++)
        {
            var points = (series[s].Values ?? []).Take(labels.Count).ToList();
            var css = "pa-series-" + (s % SeriesPalette).ToString(CultureInfo.InvariantCulture);
            if (chart.Kind == ChartKind.Line)
            {
                LineSeries(html, series[s], points, labels, slot, Y, css);
            }
            else
            {
                var width = slot * 0.8 / series.Count;
                for (var i = 0; i < points.Count; i++)
                {
                    if (!double.IsFinite(points[i]))
                    {
                        continue;
                    }

                    var top = Math.Min(Y(points[i]), zero);
                    html.Append("<rect class=\"pa-bar ").Append(css).Append("\" x=\"").Append(Number(PlotLeft + (slot * i) + (slot * 0.1) + (width * s)))
                        .Append("\" y=\"").Append(Number(top)).Append("\" width=\"").Append(Number(width)).Append("\" height=\"")
                        .Append(Number(Math.Abs(Y(points[i]) - zero))).Append("\">");
                    Title(html, series[s].Name, labels[i], points[i]);
                    html.Append("</rect>");
                }
            }
        }

        html.Append("</svg>");
        if (series.Count > 1)
        {
            html.Append("<ul class=\"pa-legend\">");
            for (var s = 0; s < series.Count; s++)
            {
                html.Append("<li><span class=\"pa-swatch pa-series-").Append(s % SeriesPalette).Append("\"></span>").Append(E(series[s].Name)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</figure>");
    }

    private static void LineSeries(StringBuilder html, ChartSeries series, List<double> points, IReadOnlyList<string> labels, double slot, Func<double, double> y, string css)
    {
        var drawn = Enumerable.Range(0, points.Count).Where(i => double.IsFinite(points[i])).ToList();
        html.Append("<polyline class=\"pa-line ").Append(css).Append("\" points=\"")
            .AppendJoin(' ', drawn.Select(i => Number(PlotLeft + (slot * i) + (slot / 2)) + "," + Number(y(points[i])))).Append("\" />");
        foreach (var i in drawn)
        {
            html.Append("<circle class=\"pa-point ").Append(css).Append("\" cx=\"").Append(Number(PlotLeft + (slot * i) + (slot / 2)))
                .Append("\" cy=\"").Append(Number(y(points[i]))).Append("\" r=\"3\">");
            Title(html, series.Name, labels[i], points[i]);
            html.Append("</circle>");
        }
    }

    private static void Title(StringBuilder html, string? series, string? label, double value)
        => html.Append("<title>").Append(E(series)).Append(", ").Append(E(label)).Append(": ").Append(Number(value)).Append("</title>");

    private static void Line(StringBuilder html, double x1, double y1, double x2, double y2, string css)
        => html.Append("<line class=\"").Append(css).Append("\" x1=\"").Append(Number(x1)).Append("\" y1=\"").Append(Number(y1))
            .Append("\" x2=\"").Append(Number(x2)).Append("\" y2=\"").Append(Number(y2)).Append("\" />");

    private static void Text(StringBuilder html, double x, double y, string anchor, string? text)
        => html.Append("<text x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y)).Append("\" text-anchor=\"").Append(anchor).Append("\">")
            .Append(E(text)).Append("</text>");
}
