namespace KioskPlugins;

/// <summary>
/// Medium (about 150 lines): a seasonal rule with family tickets, off-peak days and a cap, built from a few small
/// steps, the way a model writes a rule that has several parts.
/// </summary>
public sealed class MediumPricingRule : ITicketPricingRule
{
    private readonly IReadOnlyList<Step> _steps;

    public MediumPricingRule()
    {
        _steps = new Step[]
        {
            new FamilyStep(),
            new OffPeakStep(),
            new SeasonStep(),
            new LargeGroupStep(),
        };
    }

    public string Name => "Seasonal family and off-peak pricing";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        if (order.GroupSize == 0 || order.ListTotal <= 0m)
        {
            return null;
        }

        var parts = new List<Part>();
        foreach (var step in _steps)
        {
            var part = step.Evaluate(order);
            if (part is not null && part.Amount != 0m)
            {
                parts.Add(part);
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var total = parts.Sum(p => p.Amount);
        var cap = decimal.Round(order.ListTotal * 0.40m, 2);
        if (total > cap)
        {
            total = cap;
        }

        var reason = string.Join("; ", parts.OrderByDescending(p => p.Amount).Select(p => p.Label));
        return new PriceAdjustment(decimal.Round(total, 2), Shorten(reason, 80));
    }

    private static string Shorten(string text, int max)
        => text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed record Part(decimal Amount, string Label);

    private abstract class Step
    {
        public abstract Part? Evaluate(TicketOrder order);

        protected static decimal Percent(decimal amount, decimal percent) => decimal.Round(amount * percent / 100m, 2);
    }

    private sealed class FamilyStep : Step
    {
        public override Part? Evaluate(TicketOrder order)
        {
            var families = Math.Min(order.Adults / 2, order.Children / 2);
            if (families == 0)
            {
                return null;
            }

            var listPrice = families * ((2 * order.AdultPrice) + (2 * order.ChildPrice));
            var familyPrice = families * ((2 * order.AdultPrice) + order.ChildPrice);
            return new Part(listPrice - familyPrice, families == 1 ? "Family ticket" : $"{families} family tickets");
        }
    }

    private sealed class OffPeakStep : Step
    {
        private static readonly HashSet<DayOfWeek> Quiet = [DayOfWeek.Tuesday, DayOfWeek.Wednesday];

        public override Part? Evaluate(TicketOrder order)
        {
            if (!Quiet.Contains(order.VisitDate.DayOfWeek))
            {
                return null;
            }

            var amount = Percent(order.ListTotal, 10m);
            return new Part(amount, $"Off-peak {order.VisitDate.DayOfWeek}: 10% off");
        }
    }

    private sealed class SeasonStep : Step
    {
        private static readonly (int FromMonth, int FromDay, int ToMonth, int ToDay, decimal Percent, string Name)[] Seasons =
        [
            (1, 7, 3, 15, 15m, "Winter lull"),
            (4, 15, 5, 31, 0m, "Spring"),
            (6, 1, 8, 31, -5m, "Summer peak"),
            (11, 1, 12, 15, 10m, "Late autumn"),
        ];

        public override Part? Evaluate(TicketOrder order)
        {
            var date = order.VisitDate;
            foreach (var season in Seasons)
            {
                var from = new DateOnly(date.Year, season.FromMonth, season.FromDay);
                var to = new DateOnly(date.Year, season.ToMonth, season.ToDay);
                if (date >= from && date <= to && season.Percent != 0m)
                {
                    var amount = Percent(order.ListTotal, season.Percent);
                    var sign = season.Percent > 0 ? "off" : "surcharge";
                    return new Part(amount, $"{season.Name}: {Math.Abs(season.Percent):0}% {sign}");
                }
            }

            return null;
        }
    }

    private sealed class LargeGroupStep : Step
    {
        public override Part? Evaluate(TicketOrder order)
        {
            var size = order.GroupSize;
            var percent = size switch
            {
                >= 40 => 20m,
                >= 25 => 15m,
                >= 15 => 10m,
                _ => 0m,
            };
            if (percent == 0m)
            {
                return null;
            }

            var free = size / 20;
            var cheapest = new[] { order.AdultPrice, order.ChildPrice, order.SeniorPrice }.Where(p => p > 0m).DefaultIfEmpty(0m).Min();
            var amount = Percent(order.ListTotal, percent) + (free * cheapest);
            return new Part(amount, free > 0 ? $"Group of {size}: {percent:0}% off and {free} free" : $"Group of {size}: {percent:0}% off");
        }
    }
}
