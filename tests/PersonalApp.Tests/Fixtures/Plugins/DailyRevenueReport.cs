using System.Globalization;

namespace KioskPlugins;

public sealed class DailyRevenueReport : ISalesReport
{
    public string Title => "Revenue by day";

    public string Render(IReadOnlyList<TicketSale> sales)
    {
        var report = new StringBuilder();
        report.Append(Title).Append('\n');
        foreach (var day in sales.GroupBy(s => DateOnly.FromDateTime(s.SoldAt)).OrderBy(g => g.Key))
        {
            report.Append(day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append("  ")
                .Append(day.Sum(s => s.Paid).ToString("0.00", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        report.Append("Total  ").Append(sales.Sum(s => s.Paid).ToString("0.00", CultureInfo.InvariantCulture));
        return report.ToString();
    }
}
