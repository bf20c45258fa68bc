namespace KioskPlugins;

/// <summary>CPU-bound, loops only: a year of hourly prices in plain arithmetic, one guard per loop iteration.</summary>
public sealed class CpuLoopsPricingRule : ITicketPricingRule
{
    public string Name => "Cheapest hour of the year (loops)";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        var total = (double)order.ListTotal;
        var best = double.MaxValue;
        for (var day = 0; day < 365; day++)
        {
            var weekend = (day + (int)order.VisitDate.DayOfWeek) % 7 is 0 or 6;
            for (var minute = 9 * 60; minute < 17 * 60; minute += 5)
            {
                var factor = 1.0;
                if (weekend)
                {
                    factor += 0.1;
                }

                if (minute < 11 * 60 || minute >= 15 * 60)
                {
                    factor -= 0.05;
                }

                var season = 1.0 + (0.08 * Math.Sin(day * 2 * Math.PI / 365));
                var price = total * factor * season;
                if (price < best)
                {
                    best = price;
                }
            }
        }

        var saving = decimal.Round(order.ListTotal - (decimal)best, 2);
        return saving <= 0m ? null : new PriceAdjustment(saving, "Cheapest hour of the year");
    }
}
