using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace TicketKiosk;

/// <summary>
/// A stand-in model for running the kiosk with no model configured. It writes real C# for a handful of kiosk wishes,
/// with the numbers, days and groups taken from the wish, and its code goes through the same pipeline (extraction,
/// compilation, approval, loading) as a real model's. For any other wish it says plainly what it is and how to
/// configure a real model.
/// </summary>
internal sealed partial class OfflineDemoChatClient : IChatClient
{
    public const string ModelName = "offline-demo";
    private const string Marker = "// offline-demo:";

    public static string Capabilities =>
        "group discounts (\"20% off for groups of more than ten on weekdays\"), discounts for seniors, children or adults " +
        "(\"seniors get 15% off on Tuesdays\"), free children (\"children go free on weekends\"), weekend or weekday " +
        "surcharges (\"10% surcharge on weekends\"), a count of the groups served each day (\"every third group today gets 10% off\"), " +
        "and daily revenue or visitor reports (\"a daily revenue report\"); " +
        "and changes to those (\"make it 25% off\")";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var conversation = messages.ToList();
        var system = string.Concat(conversation.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var request = conversation.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var wish = WishOf(request);
        var previous = PreviousSpec(request);
        var answer = system.Contains("ISalesReport", StringComparison.Ordinal)
            ? WriteReport(wish)
            : WritePricingRule(wish, previous);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = ModelName,
            Usage = new UsageDetails
            {
                InputTokenCount = conversation.Sum(m => m.Text.Length) / 4,
                OutputTokenCount = answer.Length / 4,
            },
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(nameof(OfflineDemoChatClient), defaultModelId: ModelName)
            : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    internal static string Decline(string wish) =>
        $"I am PersonalApp's offline demo model, not a real language model, so I cannot write \"{wish.Trim()}\". " +
        $"Offline I can write only: {Capabilities}. To have any wish written, configure a model: set " +
        $"{ModelSelection.EndpointVariable} and {ModelSelection.ModelVariable} (and {ModelSelection.KeyVariable}) for an OpenAI-compatible endpoint, " +
        $"or {ModelSelection.OllamaVariable} and {ModelSelection.ModelVariable} for Ollama.";

    private static string WishOf(string request)
    {
        var match = WishBlock().Match(request);
        return match.Success ? match.Groups["wish"].Value.Trim() : request.Trim();
    }

    private static RuleSpec? PreviousSpec(string request)
    {
        var line = request.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(Marker, StringComparison.Ordinal));
        return line is null ? null : RuleSpec.Parse(line.Trim()[Marker.Length..]);
    }

    private static string WritePricingRule(string wish, RuleSpec? previous)
    {
        var text = wish.ToLowerInvariant();
        var percent = Percent().Match(text) is { Success: true } p ? decimal.Parse(p.Groups["n"].Value, CultureInfo.InvariantCulture) : (decimal?)null;
        var days = Days(text);
        var spec = previous ?? new RuleSpec();
        if (EveryNthGroup().Match(text) is { Success: true } nth)
        {
            spec = spec with { Kind = "counter", Threshold = OrdinalOf(nth.Groups["n"].Value) };
        }
        else if (GroupSize().Match(text) is { Success: true } group)
        {
            var strict = group.Groups["cmp"].Value is "more than" or "over" or "larger than" or "bigger than";
            var orMore = group.Groups["more"].Success;
            spec = spec with { Kind = "group", Threshold = NumberOf(group.Groups["n"].Value), Strict = strict && !orMore };
        }
        else if (Category().Match(text) is { Success: true } category && (percent is not null || text.Contains("free", StringComparison.Ordinal)))
        {
            spec = spec with { Kind = "category", Category = Normalize(category.Groups["who"].Value) };
            if (text.Contains("free", StringComparison.Ordinal))
            {
                percent = 100m;
            }
        }
        else if (Surcharge().IsMatch(text))
        {
            spec = spec with { Kind = "surcharge" };
        }
        else if (previous is null || (percent is null && days is null))
        {
            return Decline(wish);
        }

        spec = spec with { Percent = percent ?? spec.Percent, Days = days ?? spec.Days };
        if (spec.Kind is null || spec.Percent is null or <= 0 or > 100)
        {
            return Decline(wish);
        }

        return "Here is the plugin.\n\n```csharp\n" + PricingSource(spec) + "```\n";
    }

    private static string PricingSource(RuleSpec spec)
    {
        if (spec.Kind == "counter")
        {
            return CounterSource(spec);
        }

        var rate = (spec.Percent!.Value / 100m).ToString("0.00##", CultureInfo.InvariantCulture);
        var pct = spec.Percent.Value.ToString("0.##", CultureInfo.InvariantCulture);
        var (dayCondition, dayText, dayName) = DayCondition(spec.Days);
        string className, name, condition, amount;
        switch (spec.Kind)
        {
            case "group":
                var cmp = spec.Strict ? ">" : ">=";
                var who = spec.Strict ? $"more than {spec.Threshold}" : $"{spec.Threshold} or more";
                className = $"{dayName}GroupDiscount";
                name = $"{dayText}groups of {who}: {pct}% off".Trim();
                condition = $"order.GroupSize {cmp} {spec.Threshold}";
                amount = "order.ListTotal * Rate";
                break;
            case "category":
                var (count, price, label) = spec.Category switch
                {
                    "children" => ("order.Children", "order.ChildPrice", "children"),
                    "adults" => ("order.Adults", "order.AdultPrice", "adults"),
                    _ => ("order.Seniors", "order.SeniorPrice", "seniors"),
                };
                className = $"{dayName}{char.ToUpperInvariant(label[0])}{label[1..]}Discount";
                name = spec.Percent == 100m ? $"{dayText}{label} go free".Trim() : $"{dayText}{label}: {pct}% off".Trim();
                condition = $"{count} > 0";
                amount = $"{count} * {price} * Rate";
                break;
            default:
                className = $"{dayName}Surcharge";
                name = $"{dayText}surcharge: {pct}%".Trim();
                condition = "order.GroupSize > 0";
                amount = "-(order.ListTotal * Rate)";
                break;
        }

        name = char.ToUpperInvariant(name[0]) + name[1..];
        var code = new StringBuilder();
        code.AppendLine($"{Marker} {spec}");
        code.AppendLine("namespace KioskPlugins;");
        code.AppendLine();
        code.AppendLine($"public sealed class {className} : ITicketPricingRule");
        code.AppendLine("{");
        code.AppendLine($"    private const decimal Rate = {rate}m;");
        code.AppendLine();
        code.AppendLine($"    public string Name => \"{name}\";");
        code.AppendLine();
        code.AppendLine("    public PriceAdjustment? Apply(TicketOrder order)");
        code.AppendLine("    {");
        code.AppendLine($"        if (!({condition}))");
        code.AppendLine("        {");
        code.AppendLine("            return null;");
        code.AppendLine("        }");
        if (dayCondition is not null)
        {
            code.AppendLine();
            code.AppendLine("        var day = order.VisitDate.DayOfWeek;");
            code.AppendLine($"        if (!({dayCondition}))");
            code.AppendLine("        {");
            code.AppendLine("            return null;");
            code.AppendLine("        }");
        }

        code.AppendLine();
        code.AppendLine($"        return new PriceAdjustment(decimal.Round({amount}, 2), Name);");
        code.AppendLine("    }");
        code.AppendLine("}");
        AppendChecks(code, spec, className);
        return code.ToString();
    }

    /// <summary>The checks of the wish a model writes beside the plugin: concrete cases, with the numbers of the wish.</summary>
    private static void AppendChecks(StringBuilder code, RuleSpec spec, string className)
    {
        if (spec.Kind != "group")
        {
            return;
        }

        var rate = (spec.Percent!.Value / 100m).ToString("0.00##", CultureInfo.InvariantCulture);
        var day = spec.Days switch
        {
            "weekends" => "new DateOnly(2026, 12, 5)",
            "weekdays" or null or "any" => "new DateOnly(2026, 12, 1)",
            var d => $"NextDay(DayOfWeek.{char.ToUpperInvariant(d[0])}{d[1..]})",
        };
        var inside = spec.Strict ? spec.Threshold + 1 : spec.Threshold;
        var outside = spec.Strict ? spec.Threshold : spec.Threshold - 1;
        code.AppendLine();
        code.AppendLine("public static class PluginChecks");
        code.AppendLine("{");
        code.AppendLine($"    public static bool GroupOf{inside}GetsTheDiscount()");
        code.AppendLine("    {");
        code.AppendLine($"        var order = new TicketOrder({day}, {inside}, 0, 0, 20m, 10m, 12m);");
        code.AppendLine($"        return new {className}().Apply(order)?.Amount == decimal.Round(order.ListTotal * {rate}m, 2);");
        code.AppendLine("    }");
        code.AppendLine();
        code.AppendLine($"    public static bool GroupOf{outside}PaysFullPrice()");
        code.AppendLine("    {");
        code.AppendLine($"        return new {className}().Apply(new TicketOrder({day}, {outside}, 0, 0, 20m, 10m, 12m)) is null;");
        code.AppendLine("    }");
        if (spec.Days is "weekdays" or "weekends")
        {
            var other = spec.Days == "weekdays" ? "new DateOnly(2026, 12, 5)" : "new DateOnly(2026, 12, 1)";
            code.AppendLine();
            code.AppendLine($"    public static bool No{(spec.Days == "weekdays" ? "Weekend" : "Weekday")}Discount()");
            code.AppendLine("    {");
            code.AppendLine($"        return new {className}().Apply(new TicketOrder({other}, {inside}, 0, 0, 20m, 10m, 12m)) is null;");
            code.AppendLine("    }");
        }

        if (day.StartsWith("NextDay", StringComparison.Ordinal))
        {
            code.AppendLine();
            code.AppendLine("    private static DateOnly NextDay(DayOfWeek day)");
            code.AppendLine("    {");
            code.AppendLine("        var date = new DateOnly(2026, 11, 30);");
            code.AppendLine("        while (date.DayOfWeek != day)");
            code.AppendLine("        {");
            code.AppendLine("            date = date.AddDays(1);");
            code.AppendLine("        }");
            code.AppendLine();
            code.AppendLine("        return date;");
            code.AppendLine("    }");
        }

        code.AppendLine("}");
    }

    /// <summary>A rule that counts the groups served today in the plugin's storage, by the host's clock: it asks for both capabilities.</summary>
    private static string CounterSource(RuleSpec spec)
    {
        var rate = (spec.Percent!.Value / 100m).ToString("0.00##", CultureInfo.InvariantCulture);
        var pct = spec.Percent.Value.ToString("0.##", CultureInfo.InvariantCulture);
        var nth = spec.Threshold switch
        {
            1 => "1st",
            2 => "2nd",
            3 => "3rd",
            var n => n.ToString(CultureInfo.InvariantCulture) + "th",
        };
        return $$"""
            {{Marker}} {{spec}}
            namespace KioskPlugins;

            [UsesCapabilities("storage", "clock")]
            public sealed class GroupCounter : ITicketPricingRule
            {
                private const int Every = {{spec.Threshold}};
                private const int GroupSize = 10;
                private const decimal Rate = {{rate}}m;

                public string Name => "Every {{nth}} group (10+ visitors) today: {{pct}}% off";

                public PriceAdjustment? Apply(TicketOrder order)
                {
                    if (order.GroupSize < GroupSize)
                    {
                        return null;
                    }

                    // The count lives in the plugin's storage, one key per day of the host's clock.
                    var context = PluginContext.Current;
                    var today = context.Require<IPluginClock>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    var served = context.Require<IPluginStorage>().Increment("groups:" + today);
                    if (served % Every != 0)
                    {
                        return new PriceAdjustment(0m, $"Group {served} served today");
                    }

                    return new PriceAdjustment(decimal.Round(order.ListTotal * Rate, 2), $"Group {served} today: {{pct}}% off");
                }
            }

            """;
    }

    private static int OrdinalOf(string word) => word switch
    {
        "second" => 2, "third" => 3, "fourth" => 4, "fifth" => 5, "tenth" => 10,
        _ => int.Parse(word.TrimEnd('s', 't', 'n', 'd', 'r', 'h'), CultureInfo.InvariantCulture),
    };

    private static string WriteReport(string wish)
    {
        var text = wish.ToLowerInvariant();
        var perDay = text.Contains("day", StringComparison.Ordinal) || text.Contains("daily", StringComparison.Ordinal);
        var revenue = text.Contains("revenue", StringComparison.Ordinal) || text.Contains("sales", StringComparison.Ordinal) || text.Contains("money", StringComparison.Ordinal) || text.Contains("takings", StringComparison.Ordinal);
        var visitors = text.Contains("visitor", StringComparison.Ordinal) || text.Contains("people", StringComparison.Ordinal);
        if (!perDay || (!revenue && !visitors))
        {
            return Decline(wish);
        }

        var source = $$"""
            namespace KioskPlugins;

            public sealed class DailyReport : ISalesReport
            {
                public string Title => "{{(revenue && visitors ? "Revenue and visitors by day" : revenue ? "Revenue by day" : "Visitors by day")}}";

                public string Render(IReadOnlyList<TicketSale> sales)
                {
                    var culture = System.Globalization.CultureInfo.InvariantCulture;
                    var report = new StringBuilder();
                    report.Append(Title).Append('\n');
                    foreach (var day in sales.GroupBy(s => DateOnly.FromDateTime(s.SoldAt)).OrderBy(g => g.Key))
                    {
                        report.Append(day.Key.ToString("yyyy-MM-dd", culture));
            {{(revenue ? "            report.Append(\"  revenue \").Append(day.Sum(s => s.Paid).ToString(\"0.00\", culture));\n" : string.Empty)}}{{(visitors ? "            report.Append(\"  visitors \").Append(day.Sum(s => s.Order.GroupSize).ToString(culture));\n" : string.Empty)}}            report.Append('\n');
                    }

                    report.Append("Total");
            {{(revenue ? "        report.Append(\"  revenue \").Append(sales.Sum(s => s.Paid).ToString(\"0.00\", culture));\n" : string.Empty)}}{{(visitors ? "        report.Append(\"  visitors \").Append(sales.Sum(s => s.Order.GroupSize).ToString(culture));\n" : string.Empty)}}        return report.ToString();
                }
            }

            """;
        return "Here is the report.\n\n```csharp\n" + source + "```\n";
    }

    private static string? Days(string text)
    {
        if (Weekdays().IsMatch(text))
        {
            return "weekdays";
        }

        if (Weekends().IsMatch(text))
        {
            return "weekends";
        }

        return DayName().Match(text) is { Success: true } day ? day.Groups["d"].Value : (text.Contains("every day", StringComparison.Ordinal) || text.Contains("any day", StringComparison.Ordinal) ? "any" : null);
    }

    private static (string? Condition, string Text, string ClassPrefix) DayCondition(string? days) => days switch
    {
        "weekdays" => ("day is not (DayOfWeek.Saturday or DayOfWeek.Sunday)", "weekday ", "Weekday"),
        "weekends" => ("day is DayOfWeek.Saturday or DayOfWeek.Sunday", "weekend ", "Weekend"),
        null or "any" => (null, string.Empty, string.Empty),
        var d => ($"day == DayOfWeek.{char.ToUpperInvariant(d[0])}{d[1..]}", $"{char.ToUpperInvariant(d[0])}{d[1..]} ", $"{char.ToUpperInvariant(d[0])}{d[1..]}"),
    };

    private static string Normalize(string who) => who switch
    {
        "kids" or "kid" or "child" or "children" => "children",
        "adult" or "adults" => "adults",
        _ => "seniors",
    };

    private static int NumberOf(string word) => word switch
    {
        "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
        "eleven" => 11, "twelve" => 12, "a dozen" or "dozen" => 12, "fifteen" => 15, "twenty" => 20, "thirty" => 30, "fifty" => 50,
        _ => int.Parse(word, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"<<<USER_WISH\s*(?<wish>.*?)\s*USER_WISH>>>", RegexOptions.Singleline)]
    private static partial Regex WishBlock();

    [GeneratedRegex(@"every\s+(?<n>second|third|fourth|fifth|tenth|\d+(?:st|nd|rd|th)?)\s+group")]
    private static partial Regex EveryNthGroup();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?:%|percent)")]
    private static partial Regex Percent();

    [GeneratedRegex(@"groups?\s+(?:of\s+)?(?<cmp>more than|over|larger than|bigger than|at least)?\s*(?<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|fifteen|twenty|thirty|fifty)(?<more>\s+or more|\+)?")]
    private static partial Regex GroupSize();

    [GeneratedRegex(@"\b(?<who>seniors?|children|child|kids?|adults?|pensioners?|elderly)\b")]
    private static partial Regex Category();

    [GeneratedRegex(@"surcharge|more expensive|\bextra\b|\bmore\b on|cost\s+\d+\s*%\s*more")]
    private static partial Regex Surcharge();

    [GeneratedRegex(@"\bweekdays?\b|\bworking days?\b|monday to friday|mon-fri")]
    private static partial Regex Weekdays();

    [GeneratedRegex(@"\bweekends?\b|saturdays? and sundays?")]
    private static partial Regex Weekends();

    [GeneratedRegex(@"\b(?<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b")]
    private static partial Regex DayName();

    /// <summary>What the offline model understood of a pricing wish; written into the code, so a later change can start from it.</summary>
    private sealed record RuleSpec
    {
        public string? Kind { get; init; }

        public decimal? Percent { get; init; }

        public int Threshold { get; init; }

        public bool Strict { get; init; }

        public string? Category { get; init; }

        public string? Days { get; init; }

        public static RuleSpec Parse(string text)
        {
            var values = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            return new RuleSpec
            {
                Kind = values.GetValueOrDefault("kind"),
                Percent = values.TryGetValue("percent", out var p) ? decimal.Parse(p, CultureInfo.InvariantCulture) : null,
                Threshold = values.TryGetValue("threshold", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 0,
                Strict = values.GetValueOrDefault("strict") == "true",
                Category = values.GetValueOrDefault("category") is "-" ? null : values.GetValueOrDefault("category"),
                Days = values.GetValueOrDefault("days") is "-" ? null : values.GetValueOrDefault("days"),
            };
        }

        public override string ToString()
            => string.Create(CultureInfo.InvariantCulture, $"kind={Kind} percent={Percent} threshold={Threshold} strict={(Strict ? "true" : "false")} category={Category ?? "-"} days={Days ?? "-"}");
    }
}
