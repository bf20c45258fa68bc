namespace PersonalApp.Hosting;

/// <summary>
/// Plugin code for the start-up warm-up that uses the language constructs generated plugins commonly use (patterns,
/// switch expressions and statements, loops, LINQ and query syntax, lambdas and local functions, records, tuples,
/// deconstruction, collection expressions, interpolation, nullable values, try/catch/finally, checked arithmetic).
/// Roslyn's parser, binder, operation factory, lowering and emit, and the policy and guard walks, are JIT-compiled per
/// construct: a worked example covers a few of them, and a first request using others paid about 600 further methods'
/// JIT. Appended to the extension point's example, it compiles through the whole <c>PluginCompiler</c>, using only APIs
/// the default policy allows.
/// </summary>
internal static class WarmUpConstructs
{
    /// <summary>A class named so that an example is unlikely to declare it too (a clash only makes this warm-up compile fail).</summary>
    public const string Source = """

        internal static class PersonalAppWarmUpConstructs
        {
            private static readonly int[] Numbers = [1, 2, 3, 5, 8];

            private enum Kind { None, Small, Large }

            private readonly record struct Pair(int Left, string Right);

            private sealed record Item(string Name, decimal Price, int Quantity);

            public static decimal Run(int n, string? text, DateTime when)
            {
                var total = 0m;
                var list = new List<Item> { new("a", 1.5m, 2), new("b", 2m, 1) };
                var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["x"] = 1 };
                List<int> more = [.. Numbers, 13];
                foreach (var item in list)
                {
                    total += item.Price * item.Quantity;
                }

                for (var i = 0; i < n && i < 10; i++)
                {
                    if (i % 2 == 0)
                    {
                        continue;
                    }

                    total += i;
                }

                var j = 0;
                while (j < 3)
                {
                    j++;
                }

                do
                {
                    j--;
                }
                while (j > 0);

                var kind = n switch { < 0 => Kind.None, >= 0 and < 10 => Kind.Small, _ => Kind.Large };
                switch (kind)
                {
                    case Kind.Small:
                        total += 1;
                        break;
                    case Kind.Large when n > 100:
                        total += 2;
                        break;
                    default:
                        break;
                }

                if (text is { Length: > 2 } s && s[0] is 'a' or 'b' && s is not null)
                {
                    total += s.Length;
                }

                if (when.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && when.Month != 12 && when.AddDays(1) > when)
                {
                    total -= 1;
                }

                var (left, right) = (n, text ?? "none");
                var pair = new Pair(left, right) with { Left = 2 };
                var query = list.Where(x => x.Quantity > 0).OrderBy(x => x.Name).Select(x => new { x.Name, Total = x.Price * x.Quantity }).ToList();
                var grouped = from x in list group x by x.Quantity into g select g.Count();
                var sum = Numbers.Sum() + query.Count + more.Max() + pair.Left + grouped.Sum() + Numbers.Length;
                string Describe(Item item) => $"{item.Name}: {item.Price:F2} x {item.Quantity}";
                var texts = string.Join(", ", list.Select(Describe));
                var builder = new StringBuilder().Append(texts).Append(sum);
                total += map.TryGetValue("x", out var found) ? found : 0;
                total += Math.Round(total * 0.1m, 2, MidpointRounding.AwayFromZero) + Math.Max(sum, builder.Length);
                int? maybe = n > 0 ? n : null;
                total += maybe ?? 0;
                total += text?.Trim().Length ?? 0;
                try
                {
                    total += checked(n * 2);
                }
                catch (OverflowException)
                {
                    total = 0;
                }
                finally
                {
                    j = 0;
                }

                return decimal.Round(total, 2) + (decimal)(double)j;
            }
        }
        """;
}
