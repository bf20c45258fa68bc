using System.Globalization;
using System.Xml.Linq;
using PersonalApp.Views;

namespace PersonalApp.AspNetCore.Tests.Views;

public sealed class PluginViewHtmlTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(2)>";
    private const string Quote = "\"><svg onload=alert(3)>";

    private static readonly HashSet<string> AllowedElements =
    [
        "article", "h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "dl", "dt", "dd", "div", "table", "thead", "tbody", "tr", "th", "td",
        "figure", "figcaption", "svg", "line", "text", "rect", "polyline", "circle", "title", "ul", "li", "fieldset", "legend", "label", "input",
    ];

    [Fact]
    public void Render_MarkupInEveryText_IsShownAsTextAndAddsNoElementOrHandler()
    {
        var view = new PluginView(Script,
        [
            new HeadingBlock(Image),
            new TextBlock(Script + Image),
            new BadgeBlock(Quote, BadgeTone.Bad),
            new KeyValueBlock([new KeyValueItem(Script, Image)]),
            new TableBlock([new TableColumn(Quote, ColumnKind.Number)], [[Script]]),
            new ChartBlock(ChartKind.Bar, Image, [Script], [new ChartSeries(Quote, [1]), new ChartSeries(Image, [2])]),
        ])
        { Inputs = [new InputField(Quote, Script, InputKind.Text, Quote)] };

        var html = PluginViewHtml.Render(view).Value!;
        var root = Parse(html);

        Assert.All(root.Descendants(), e => Assert.Contains(e.Name.LocalName, AllowedElements));
        Assert.DoesNotContain(root.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(root.Descendants().Attributes(), a => a.Name.LocalName is "style" or "href" or "src");

        // Every text is there, as text.
        Assert.Equal(Script, root.Element("h2")!.Value);
        Assert.Equal(Image, root.Element("h3")!.Value);
        Assert.Equal(Script + Image, root.Elements("p").First().Value);
        Assert.Equal(Quote, root.Descendants("span").First().Value);
        Assert.Equal(Script, root.Descendants("dt").Single().Value);
        Assert.Equal(Quote, root.Descendants("th").Single().Value);
        Assert.Equal(Script, root.Descendants("td").Single().Value);
        Assert.Equal(Image, root.Descendants("figcaption").Single().Value);
        Assert.Equal(Quote, (string?)root.Descendants("input").Single().Attribute("name"));
        Assert.Equal(Quote, (string?)root.Descendants("input").Single().Attribute("value"));
        Assert.Equal([Quote, Image], root.Descendants("li").Select(li => li.Value));
    }

    [Fact]
    public void Render_ControlCharacters_BecomeReplacementCharactersButLineBreaksStay()
    {
        var html = PluginViewHtml.Render(new PluginView("title\u0007", [new TextBlock("red\u001b[31m\nnext\u0000")])).Value!;

        var text = Parse(html).Element("p")!.Value;
        Assert.Equal("red\uFFFD[31m\nnext\uFFFD", text);
        Assert.DoesNotContain(html, c => c is '\u001b' or '\u0000' or '\u0007');
    }

    [Fact]
    public void Render_Table_KeepsCellsInTheirColumnsAndMarksNumericColumns()
    {
        var view = new PluginView("Sales",
        [
            new TableBlock(
                [new TableColumn("Event"), new TableColumn("Tickets", ColumnKind.Number), new TableColumn("Paid", ColumnKind.Money), new TableColumn("Day", ColumnKind.Date)],
                [["Jazz", "12", "240.00", "2026-12-24"], ["Opera", "3", "90.50", "2026-12-31"]]),
        ]);

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var headers = root.Descendants("th").ToList();
        Assert.Equal(["Event", "Tickets", "Paid", "Day"], headers.Select(h => h.Value));
        Assert.Equal([null, "pa-num", "pa-num", null], headers.Select(h => (string?)h.Attribute("class")));
        var rows = root.Descendants("tbody").Single().Elements("tr").Select(r => r.Elements("td").Select(c => c.Value).ToList()).ToList();
        Assert.Equal(["Jazz", "12", "240.00", "2026-12-24"], rows[0]);
        Assert.Equal(["Opera", "3", "90.50", "2026-12-31"], rows[1]);
    }

    [Fact]
    public void Render_RaggedRowsAndShortSeries_RenderEmptyCellsAndSkipMissingValues()
    {
        var view = new PluginView("Ragged",
        [
            new TableBlock([new TableColumn("A"), new TableColumn("B")], [["only a"], ["a", "b", "extra"]]),
            new ChartBlock(ChartKind.Bar, "Short", ["x", "y", "z"], [new ChartSeries("s", [1, double.NaN])]),
        ]);

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var rows = root.Descendants("tbody").Single().Elements("tr").Select(r => r.Elements("td").Select(c => c.Value).ToList()).ToList();
        Assert.Equal(["only a", string.Empty], rows[0]);
        Assert.Equal(["a", "b"], rows[1]);
        Assert.Single(Svg(root, "rect"));
    }

    [Fact]
    public void Render_BarChart_DrawsOneBarPerValueScaledToTheLargestAndALegendForSeveralSeries()
    {
        var view = new PluginView("Chart",
        [
            new ChartBlock(ChartKind.Bar, "Tickets by hour", ["09:00", "10:00"], [new ChartSeries("Adults", [10, 30]), new ChartSeries("Children", [5, 0])]),
        ]);

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var bars = Svg(root, "rect").ToList();
        Assert.Equal(4, bars.Count);
        var heights = bars.Select(b => double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(heights[1] / 3, heights[0], 3);
        Assert.Equal(heights[1] / 6, heights[2], 3);
        Assert.Equal(0, heights[3]);
        Assert.Equal(["Adults, 09:00: 10", "Adults, 10:00: 30", "Children, 09:00: 5", "Children, 10:00: 0"], bars.Select(b => b.Value));
        Assert.Equal(["Adults", "Children"], root.Descendants("li").Select(li => li.Value));
        Assert.Equal("Tickets by hour", (string?)root.Descendants().Single(e => e.Name.LocalName == "svg").Attribute("aria-label"));
    }

    [Fact]
    public void Render_NegativeBar_HangsBelowTheBaseline()
    {
        var view = new PluginView("Profit", [new ChartBlock(ChartKind.Bar, "Profit", ["Mon", "Tue"], [new ChartSeries("EUR", [20, -10])])]);

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var baseline = double.Parse((string)Svg(root, "line").Single().Attribute("y1")!, CultureInfo.InvariantCulture);
        var bars = Svg(root, "rect").Select(b => (Y: Number(b, "y"), Height: Number(b, "height"))).ToList();
        Assert.Equal(baseline, bars[0].Y + bars[0].Height, 3);
        Assert.Equal(baseline, bars[1].Y, 3);
        Assert.Equal(bars[0].Height / 2, bars[1].Height, 3);
    }

    [Fact]
    public void Render_LineChart_DrawsAPolylineThroughEveryFiniteValue()
    {
        var view = new PluginView("Trend", [new ChartBlock(ChartKind.Line, "Visitors", ["a", "b", "c"], [new ChartSeries("Visitors", [1, double.PositiveInfinity, 3])])]);

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var points = ((string)Svg(root, "polyline").Single().Attribute("points")!).Split(' ');
        Assert.Equal(2, points.Length);
        Assert.Equal(2, Svg(root, "circle").Count());
        Assert.Empty(root.Descendants("li"));
    }

    [Theory]
    [InlineData(2, 1, "h3")]
    [InlineData(3, 3, "h6")]
    [InlineData(6, 2, "h6")]
    public void Render_Headings_ComeBelowTheTitleLevel(int titleLevel, int headingLevel, string expected)
    {
        var root = Parse(PluginViewHtml.Render(new PluginView("T", [new HeadingBlock("H", headingLevel)]), titleLevel).Value!);

        Assert.Equal("h" + titleLevel.ToString(CultureInfo.InvariantCulture), root.Elements().First().Name.LocalName);
        Assert.Equal(expected, root.Elements().Skip(1).Single().Name.LocalName);
    }

    [Fact]
    public void Render_Inputs_AreNamedFieldsOfTheirKindWithoutAForm()
    {
        var view = new PluginView("Report", [])
        {
            Inputs = [new InputField("from", "From", InputKind.Date, "2026-12-01"), new InputField("min", "At least", InputKind.Number), new InputField("vip", "VIP only", InputKind.Toggle, "true")],
        };

        var root = Parse(PluginViewHtml.Render(view).Value!);

        var inputs = root.Descendants("input").ToList();
        Assert.Equal(["date", "number", "checkbox"], inputs.Select(i => (string?)i.Attribute("type")));
        Assert.Equal(["from", "min", "vip"], inputs.Select(i => (string?)i.Attribute("name")));
        Assert.Equal("2026-12-01", (string?)inputs[0].Attribute("value"));
        Assert.Equal("checked", (string?)inputs[2].Attribute("checked"));
        Assert.Empty(root.Descendants("form"));
    }

    [Fact]
    public void Render_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PluginViewHtml.Render(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => PluginViewHtml.Render(new PluginView("T", []), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PluginViewHtml.Render(new PluginView("T", []), 7));
    }

    private static XElement Parse(string html) => XElement.Parse(html);

    private static IEnumerable<XElement> Svg(XElement root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    private static double Number(XElement element, string attribute) => double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
