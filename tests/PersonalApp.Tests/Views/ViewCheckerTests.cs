using System.Text.Json;
using PersonalApp.Views;
using Xunit;

namespace PersonalApp.Tests.Views;

public sealed class ViewCheckerTests
{
    [Fact]
    public void Problem_SmallTableAndChart_IsNull()
    {
        Assert.Null(ViewChecker.Problem(DailyView(rows: 3)));
    }

    [Fact]
    public void Problem_TooManyRows_NamesTheLimit()
    {
        var problem = ViewChecker.Problem(DailyView(rows: ViewLimits.MaxRows + 1));

        Assert.Contains($"more than {ViewLimits.MaxRows}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_TextTooLong_NamesTheBlock()
    {
        var view = new PluginView("Long", [new TextBlock("x"), new TextBlock(new string('x', ViewLimits.MaxTextLength + 1))]);

        Assert.Contains("block 2", ViewChecker.Problem(view), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NumberColumnWithText_IsRefused()
    {
        var view = new PluginView("Bad", [new TableBlock([new TableColumn("Tickets", ColumnKind.Number)], [["many"]])]);

        Assert.Contains("'many' is not a Number", ViewChecker.Problem(view), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_SeriesWithTheWrongNumberOfValues_IsRefused()
    {
        var view = new PluginView("Bad", [new ChartBlock(ChartKind.Line, "t", ["a", "b"], [new ChartSeries("s", [1])])]);

        Assert.Contains("has 1 values for 2 labels", ViewChecker.Problem(view), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_View_HasATypeDiscriminatorAndRoundTrips()
    {
        var view = DailyView(rows: 2) with { Inputs = [new InputField("day", "Day", InputKind.Date, "2026-12-01")] };

        var json = JsonSerializer.Serialize(view, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var back = JsonSerializer.Deserialize<PluginView>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Contains("\"type\":\"table\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"chart\"", json, StringComparison.Ordinal);
        Assert.IsType<TableBlock>(back.Blocks[1]);
        Assert.Equal(["09:00", "2"], ((TableBlock)back.Blocks[1]).Rows[0]);
        Assert.Equal("day", back.Inputs.Single().Name);
    }

    internal static PluginView DailyView(int rows)
    {
        var hours = Enumerable.Range(0, rows).Select(i => $"{9 + (i % 10):00}:00").ToList();
        return new PluginView("Sales by hour",
        [
            new HeadingBlock("Today"),
            new TableBlock([new TableColumn("Hour"), new TableColumn("Tickets", ColumnKind.Number)], [.. hours.Select((h, i) => (IReadOnlyList<string>)[h, (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)])]),
            new ChartBlock(ChartKind.Bar, "Tickets by hour", hours, [new ChartSeries("Tickets", [.. hours.Select((_, i) => (double)(i + 2))])]),
            new BadgeBlock("busy day", BadgeTone.Good),
        ]);
    }
}
