namespace KioskPlugins;

/// <summary>CPU-bound, allocation heavy: lists, dictionaries and strings built per day, few guards per allocation.</summary>
public sealed class CpuAllocationPricingRule : ITicketPricingRule
{
    public string Name => "Daily price sheets (allocation)";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var sheets = new Dictionary<string, List<string>>();
        var longest = 0;
        for (var day = 0; day < 365; day++)
        {
            var date = order.VisitDate.AddDays(day);
            var lines = new List<string>(3)
            {
                $"{date:yyyy-MM-dd} adults {order.Adults} x {order.AdultPrice:0.00}",
                $"{date:yyyy-MM-dd} children {order.Children} x {order.ChildPrice:0.00}",
                $"{date:yyyy-MM-dd} seniors {order.Seniors} x {order.SeniorPrice:0.00}",
            };
            var sheet = string.Join("\n", lines);
            longest = Math.Max(longest, sheet.Length);
            sheets[date.ToString("yyyy-MM-dd")] = lines;
        }

        return sheets.Count == 0 ? null : new PriceAdjustment(Math.Min(order.ListTotal / 2, longest), $"{sheets.Count} sheets");
    }
}
