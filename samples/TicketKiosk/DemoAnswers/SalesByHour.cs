using System.Globalization;
using PersonalApp.Views;

namespace KioskPlugins;

public sealed class SalesByHour : IDailyReportView
{
    public string Title => "Sales by hour";

    public PluginView Build(IReadOnlyList<TicketSale> sales)
    {
        var culture = CultureInfo.InvariantCulture;
        var hours = sales
            .GroupBy(s => s.SoldAt.Hour)
            .OrderBy(g => g.Key)
            .Select(g => (Hour: g.Key.ToString("00", culture) + ":00", Visitors: g.Sum(s => s.Order.GroupSize), Paid: g.Sum(s => s.Paid)))
            .ToList();
        return new PluginView(Title,
        [
            new KeyValueBlock(
            [
                new KeyValueItem("Visitors", hours.Sum(h => h.Visitors).ToString(culture)),
                new KeyValueItem("Takings", hours.Sum(h => h.Paid).ToString("0.00", culture)),
            ]),
            new TableBlock(
                [new TableColumn("Hour"), new TableColumn("Visitors", ColumnKind.Number), new TableColumn("Takings", ColumnKind.Money)],
                [.. hours.Select(h => (IReadOnlyList<string>)[h.Hour, h.Visitors.ToString(culture), h.Paid.ToString("0.00", culture)])]),
            new ChartBlock(ChartKind.Bar, "Visitors by hour", [.. hours.Select(h => h.Hour)], [new ChartSeries("Visitors", [.. hours.Select(h => (double)h.Visitors)])]),
        ]);
    }
}
