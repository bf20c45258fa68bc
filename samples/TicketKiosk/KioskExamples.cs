namespace TicketKiosk;

/// <summary>The worked examples the kiosk shows the model, one per extension point.</summary>
internal static class KioskExamples
{
    public const string PricingWish = "Seniors get 10% off on Mondays";

    public const string PricingSource = """
        namespace KioskPlugins;

        public sealed class MondaySeniorDiscount : ITicketPricingRule
        {
            private const decimal Rate = 0.10m;

            public string Name => "Monday seniors: 10% off";

            public PriceAdjustment? Apply(TicketOrder order)
            {
                if (order.VisitDate.DayOfWeek != DayOfWeek.Monday || order.Seniors == 0)
                {
                    return null;
                }

                var amount = decimal.Round(order.Seniors * order.SeniorPrice * Rate, 2);
                return new PriceAdjustment(amount, "Monday seniors: 10% off");
            }
        }
        """;

    public const string ReportWish = "How many visitors came in all";

    public const string ReportSource = """
        namespace KioskPlugins;

        public sealed class VisitorCount : ISalesReport
        {
            public string Title => "Visitors in all";

            public string Render(IReadOnlyList<TicketSale> sales)
            {
                var visitors = sales.Sum(s => s.Order.GroupSize);
                return $"Visitors: {visitors}\nSales: {sales.Count}";
            }
        }
        """;
}
