namespace KioskPlugins;

public sealed class DailyReport : ISalesReport
{
    public string Title => "Revenue and visitors by day";

    public string Render(IReadOnlyList<TicketSale> sales)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.Append(Title).Append('\n');
        foreach (var day in sales.GroupBy(s => DateOnly.FromDateTime(s.SoldAt)).OrderBy(g => g.Key))
        {
            report.Append(day.Key.ToString("yyyy-MM-dd", culture));
            report.Append("  revenue ").Append(day.Sum(s => s.Paid).ToString("0.00", culture));
            report.Append("  visitors ").Append(day.Sum(s => s.Order.GroupSize).ToString(culture));
            report.Append('\n');
        }

        report.Append("Total");
        report.Append("  revenue ").Append(sales.Sum(s => s.Paid).ToString("0.00", culture));
        report.Append("  visitors ").Append(sales.Sum(s => s.Order.GroupSize).ToString(culture));
        return report.ToString();
    }
}
