using System.Globalization;

namespace KioskPlugins;

/// <summary>
/// Large (about 600 lines): a whole pricing policy in one plugin. A holiday calendar (Easter and the holidays that move
/// with it, fixed dates, the n-th weekday of a month), a rate table written as text and parsed at start, a small formula
/// language (tokenizer and recursive-descent parser) for the adjustments, and a receipt line built from the parts.
/// </summary>
public sealed class LargePricingRule : ITicketPricingRule
{
    private const string Table = """
        # name            | when                     | formula
        holiday-surcharge | holiday                  | -0.10 * total
        school-holidays   | month in 7,8             | -0.05 * total
        winter-lull       | month in 1,2             | 0.15 * total
        family            | adults >= 2 and children >= 2 | min(adults, children) / 2 * child
        seniors-tuesday   | weekday = 2 and seniors > 0   | 0.5 * seniors * senior
        big-group         | size >= 20               | 0.12 * total + floor(size / 20) * adult
        small-group       | size >= 10 and size < 20 | 0.06 * total
        kids-go-free      | weekday = 3 and adults >= 1 and children >= 1 | min(children, adults) * child
        early-week        | weekday = 1              | round(0.03 * total, 2)
        """;

    private readonly IReadOnlyList<RateLine> _lines;
    private readonly HolidayCalendar _calendar = new();

    public LargePricingRule()
    {
        _lines = RateTableParser.Parse(Table);
    }

    public string Name => "House pricing policy (calendar, rate table, formulas)";

    public PriceAdjustment? Apply(TicketOrder order)
    {
        if (order.GroupSize <= 0)
        {
            return null;
        }

        var facts = Facts.From(order, _calendar);
        var applied = new List<AppliedLine>();
        foreach (var line in _lines)
        {
            if (!line.When.Evaluate(facts).AsBool())
            {
                continue;
            }

            var amount = line.Formula.Evaluate(facts).AsDecimal();
            if (amount != 0m)
            {
                applied.Add(new AppliedLine(line.Name, decimal.Round(amount, 2)));
            }
        }

        if (applied.Count == 0)
        {
            return null;
        }

        var total = Limits.Clamp(applied.Sum(a => a.Amount), order.ListTotal);
        if (total == 0m)
        {
            return null;
        }

        return new PriceAdjustment(total, Receipt.Describe(applied, total, facts));
    }

    private sealed record AppliedLine(string Name, decimal Amount);

    private sealed record RateLine(string Name, Node When, Node Formula);

    private static class Limits
    {
        public const decimal MaxDiscountShare = 0.5m;
        public const decimal MaxSurchargeShare = 0.25m;

        public static decimal Clamp(decimal amount, decimal listTotal)
        {
            var maxDiscount = decimal.Round(listTotal * MaxDiscountShare, 2);
            var maxSurcharge = decimal.Round(listTotal * MaxSurchargeShare, 2);
            if (amount > maxDiscount)
            {
                return maxDiscount;
            }

            if (amount < -maxSurcharge)
            {
                return -maxSurcharge;
            }

            return decimal.Round(amount, 2);
        }
    }

    private static class Receipt
    {
        public static string Describe(IReadOnlyList<AppliedLine> applied, decimal total, Facts facts)
        {
            var text = new StringBuilder();
            text.Append(total >= 0m ? "Saved " : "Surcharge ");
            text.Append(Math.Abs(total).ToString("0.00", CultureInfo.InvariantCulture));
            text.Append(": ");
            var first = true;
            foreach (var line in applied.OrderByDescending(a => Math.Abs(a.Amount)).Take(3))
            {
                if (!first)
                {
                    text.Append(", ");
                }

                first = false;
                text.Append(Label(line.Name));
            }

            if (applied.Count > 3)
            {
                text.Append(" and ").Append(applied.Count - 3).Append(" more");
            }

            if (facts.HolidayName is { } holiday)
            {
                text.Append(" (").Append(holiday).Append(')');
            }

            return text.Length <= 100 ? text.ToString() : text.ToString(0, 99) + "…";
        }

        private static string Label(string name)
        {
            var words = name.Split('-', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = i == 0 ? char.ToUpperInvariant(words[i][0]) + words[i][1..] : words[i];
            }

            return string.Join(' ', words);
        }
    }

    /// <summary>What the formulas can read about an order.</summary>
    private sealed class Facts
    {
        private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);

        public string? HolidayName { get; private init; }

        public static Facts From(TicketOrder order, HolidayCalendar calendar)
        {
            var holiday = calendar.NameOf(order.VisitDate);
            var facts = new Facts { HolidayName = holiday };
            facts._values["adults"] = Value.Of(order.Adults);
            facts._values["children"] = Value.Of(order.Children);
            facts._values["seniors"] = Value.Of(order.Seniors);
            facts._values["size"] = Value.Of(order.GroupSize);
            facts._values["adult"] = Value.Of(order.AdultPrice);
            facts._values["child"] = Value.Of(order.ChildPrice);
            facts._values["senior"] = Value.Of(order.SeniorPrice);
            facts._values["total"] = Value.Of(order.ListTotal);
            facts._values["month"] = Value.Of(order.VisitDate.Month);
            facts._values["day"] = Value.Of(order.VisitDate.Day);
            facts._values["weekday"] = Value.Of(((int)order.VisitDate.DayOfWeek + 6) % 7 + 1);
            facts._values["holiday"] = Value.Of(holiday is not null);
            return facts;
        }

        public Value Get(string name)
            => _values.TryGetValue(name, out var value)
                ? value
                : throw new InvalidOperationException($"The rate table uses '{name}', which is not a known fact.");
    }

    /// <summary>The kiosk's public holidays: fixed dates, Easter and the days that move with it, and n-th weekdays.</summary>
    private sealed class HolidayCalendar
    {
        private readonly Dictionary<int, Dictionary<DateOnly, string>> _years = [];

        public string? NameOf(DateOnly date)
        {
            if (!_years.TryGetValue(date.Year, out var days))
            {
                days = Build(date.Year);
                _years[date.Year] = days;
            }

            return days.TryGetValue(date, out var name) ? name : null;
        }

        private static Dictionary<DateOnly, string> Build(int year)
        {
            var days = new Dictionary<DateOnly, string>
            {
                [new DateOnly(year, 1, 1)] = "New Year's Day",
                [new DateOnly(year, 5, 1)] = "Labour Day",
                [new DateOnly(year, 10, 3)] = "Unity Day",
                [new DateOnly(year, 12, 25)] = "Christmas Day",
                [new DateOnly(year, 12, 26)] = "Boxing Day",
            };

            var easter = EasterSunday(year);
            days[easter.AddDays(-2)] = "Good Friday";
            days[easter] = "Easter Sunday";
            days[easter.AddDays(1)] = "Easter Monday";
            days[easter.AddDays(39)] = "Ascension Day";
            days[easter.AddDays(49)] = "Whit Sunday";
            days[easter.AddDays(50)] = "Whit Monday";
            days[NthWeekday(year, 5, DayOfWeek.Monday, -1)] = "Spring Bank Holiday";
            days[NthWeekday(year, 8, DayOfWeek.Monday, -1)] = "Summer Bank Holiday";
            days[NthWeekday(year, 11, DayOfWeek.Thursday, 4)] = "Harvest Day";
            return days;
        }

        /// <summary>The anonymous Gregorian computus (Meeus/Jones/Butcher).</summary>
        private static DateOnly EasterSunday(int year)
        {
            var a = year % 19;
            var b = year / 100;
            var c = year % 100;
            var d = b / 4;
            var e = b % 4;
            var f = (b + 8) / 25;
            var g = (b - f + 1) / 3;
            var h = ((19 * a) + b - d - g + 15) % 30;
            var i = c / 4;
            var k = c % 4;
            var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
            var m = (a + (11 * h) + (22 * l)) / 451;
            var month = (h + l - (7 * m) + 114) / 31;
            var day = ((h + l - (7 * m) + 114) % 31) + 1;
            return new DateOnly(year, month, day);
        }

        /// <summary>The n-th given weekday of a month; n = -1 for the last one.</summary>
        private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
        {
            if (n > 0)
            {
                var first = new DateOnly(year, month, 1);
                var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
                return first.AddDays(offset + (7 * (n - 1)));
            }

            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            var back = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
            return last.AddDays(-back);
        }
    }

    /// <summary>Reads the rate table: one line per rate, name | condition | formula; '#' starts a comment.</summary>
    private static class RateTableParser
    {
        public static IReadOnlyList<RateLine> Parse(string table)
        {
            var lines = new List<RateLine>();
            var number = 0;
            foreach (var raw in table.Split('\n'))
            {
                number++;
                var text = raw.Trim();
                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }

                var cells = text.Split('|');
                if (cells.Length != 3)
                {
                    throw new FormatException($"Rate table line {number} has {cells.Length} cells instead of 3.");
                }

                var name = cells[0].Trim();
                var when = Parser.Parse(cells[1].Trim());
                var formula = Parser.Parse(cells[2].Trim());
                lines.Add(new RateLine(name, when, formula));
            }

            return lines;
        }
    }

    private enum TokenKind
    {
        Number,
        Name,
        Operator,
        Comma,
        Open,
        Close,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private static class Tokenizer
    {
        private static readonly string[] Operators = [">=", "<=", "!=", "=", ">", "<", "+", "-", "*", "/"];

        public static List<Token> Read(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
                {
                    var start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                    continue;
                }

                if (char.IsLetter(c))
                {
                    var start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Name, text[start..i], start));
                    continue;
                }

                if (c == ',')
                {
                    tokens.Add(new Token(TokenKind.Comma, ",", i++));
                    continue;
                }

                if (c == '(')
                {
                    tokens.Add(new Token(TokenKind.Open, "(", i++));
                    continue;
                }

                if (c == ')')
                {
                    tokens.Add(new Token(TokenKind.Close, ")", i++));
                    continue;
                }

                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new FormatException($"Unexpected '{c}' at {i} in '{text}'.");
                tokens.Add(new Token(TokenKind.Operator, op, i));
                i += op.Length;
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
            return tokens;
        }
    }

    /// <summary>
    /// or  := and ('or' and)*
    /// and := cmp ('and' cmp)*
    /// cmp := sum (('=' | '!=' | '&lt;' | '&gt;' | '&lt;=' | '&gt;=') sum | 'in' list)?
    /// sum := term (('+' | '-') term)*
    /// term := unary (('*' | '/') unary)*
    /// unary := '-' unary | atom
    /// atom := number | name | name '(' args ')' | '(' or ')'
    /// </summary>
    private sealed class Parser
    {
        private readonly List<Token> _tokens;
        private readonly string _text;
        private int _at;

        private Parser(string text)
        {
            _text = text;
            _tokens = Tokenizer.Read(text);
        }

        public static Node Parse(string text)
        {
            var parser = new Parser(text);
            var node = parser.Or();
            parser.Expect(TokenKind.End);
            return node;
        }

        private Token Peek => _tokens[_at];

        private Node Or()
        {
            var left = And();
            while (IsWord("or"))
            {
                _at++;
                left = new Binary("or", left, And());
            }

            return left;
        }

        private Node And()
        {
            var left = Comparison();
            while (IsWord("and"))
            {
                _at++;
                left = new Binary("and", left, Comparison());
            }

            return left;
        }

        private Node Comparison()
        {
            var left = Sum();
            if (Peek.Kind == TokenKind.Operator && Peek.Text is "=" or "!=" or "<" or ">" or "<=" or ">=")
            {
                var op = Peek.Text;
                _at++;
                return new Binary(op, left, Sum());
            }

            if (IsWord("in"))
            {
                _at++;
                var options = new List<Node> { Sum() };
                while (Peek.Kind == TokenKind.Comma)
                {
                    _at++;
                    options.Add(Sum());
                }

                return new OneOf(left, options);
            }

            return left;
        }

        private Node Sum()
        {
            var left = Term();
            while (Peek.Kind == TokenKind.Operator && Peek.Text is "+" or "-")
            {
                var op = Peek.Text;
                _at++;
                left = new Binary(op, left, Term());
            }

            return left;
        }

        private Node Term()
        {
            var left = Unary();
            while (Peek.Kind == TokenKind.Operator && Peek.Text is "*" or "/")
            {
                var op = Peek.Text;
                _at++;
                left = new Binary(op, left, Unary());
            }

            return left;
        }

        private Node Unary()
        {
            if (Peek.Kind == TokenKind.Operator && Peek.Text == "-")
            {
                _at++;
                return new Negate(Unary());
            }

            return Atom();
        }

        private Node Atom()
        {
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    _at++;
                    return new Constant(Value.Of(decimal.Parse(token.Text, NumberStyles.Number, CultureInfo.InvariantCulture)));
                case TokenKind.Name when _tokens[_at + 1].Kind == TokenKind.Open:
                    _at += 2;
                    var args = new List<Node>();
                    if (Peek.Kind != TokenKind.Close)
                    {
                        args.Add(Or());
                        while (Peek.Kind == TokenKind.Comma)
                        {
                            _at++;
                            args.Add(Or());
                        }
                    }

                    Expect(TokenKind.Close);
                    return new Call(token.Text, args);
                case TokenKind.Name:
                    _at++;
                    return new Fact(token.Text);
                case TokenKind.Open:
                    _at++;
                    var inner = Or();
                    Expect(TokenKind.Close);
                    return inner;
                default:
                    throw new FormatException($"Unexpected '{token.Text}' at {token.Position} in '{_text}'.");
            }
        }

        private bool IsWord(string word) => Peek.Kind == TokenKind.Name && Peek.Text == word;

        private void Expect(TokenKind kind)
        {
            if (Peek.Kind != kind)
            {
                throw new FormatException($"Expected {kind} at {Peek.Position} in '{_text}', found '{Peek.Text}'.");
            }

            _at++;
        }
    }

    /// <summary>A formula value: a number or a truth value.</summary>
    private readonly record struct Value(decimal Number, bool IsBool)
    {
        public static Value Of(decimal number) => new(number, false);

        public static Value Of(int number) => new(number, false);

        public static Value Of(bool truth) => new(truth ? 1m : 0m, true);

        public bool AsBool() => Number != 0m;

        public decimal AsDecimal() => IsBool
            ? throw new InvalidOperationException("A condition was used where an amount was expected.")
            : Number;
    }

    private abstract class Node
    {
        public abstract Value Evaluate(Facts facts);
    }

    private sealed class Constant(Value value) : Node
    {
        public override Value Evaluate(Facts facts) => value;
    }

    private sealed class Fact(string name) : Node
    {
        public override Value Evaluate(Facts facts) => facts.Get(name);
    }

    private sealed class Negate(Node operand) : Node
    {
        public override Value Evaluate(Facts facts) => Value.Of(-operand.Evaluate(facts).AsDecimal());
    }

    private sealed class OneOf(Node subject, IReadOnlyList<Node> options) : Node
    {
        public override Value Evaluate(Facts facts)
        {
            var value = subject.Evaluate(facts).Number;
            foreach (var option in options)
            {
                if (option.Evaluate(facts).Number == value)
                {
                    return Value.Of(true);
                }
            }

            return Value.Of(false);
        }
    }

    private sealed class Binary(string op, Node left, Node right) : Node
    {
        public override Value Evaluate(Facts facts)
        {
            var a = left.Evaluate(facts);
            switch (op)
            {
                case "and":
                    return Value.Of(a.AsBool() && right.Evaluate(facts).AsBool());
                case "or":
                    return Value.Of(a.AsBool() || right.Evaluate(facts).AsBool());
            }

            var b = right.Evaluate(facts);
            return op switch
            {
                "+" => Value.Of(a.AsDecimal() + b.AsDecimal()),
                "-" => Value.Of(a.AsDecimal() - b.AsDecimal()),
                "*" => Value.Of(a.AsDecimal() * b.AsDecimal()),
                "/" => b.Number == 0m ? Value.Of(0m) : Value.Of(a.AsDecimal() / b.AsDecimal()),
                "=" => Value.Of(a.Number == b.Number),
                "!=" => Value.Of(a.Number != b.Number),
                "<" => Value.Of(a.Number < b.Number),
                ">" => Value.Of(a.Number > b.Number),
                "<=" => Value.Of(a.Number <= b.Number),
                ">=" => Value.Of(a.Number >= b.Number),
                _ => throw new InvalidOperationException($"Unknown operator '{op}'."),
            };
        }
    }

    private sealed class Call(string name, IReadOnlyList<Node> args) : Node
    {
        public override Value Evaluate(Facts facts)
        {
            var values = new decimal[args.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = args[i].Evaluate(facts).AsDecimal();
            }

            return name switch
            {
                "min" => Value.Of(Need(values, 2).Min()),
                "max" => Value.Of(Need(values, 2).Max()),
                "floor" => Value.Of(decimal.Floor(Need(values, 1)[0])),
                "ceil" => Value.Of(decimal.Ceiling(Need(values, 1)[0])),
                "abs" => Value.Of(Math.Abs(Need(values, 1)[0])),
                "round" => Value.Of(decimal.Round(Need(values, 2)[0], (int)values[1], MidpointRounding.AwayFromZero)),
                "percent" => Value.Of(decimal.Round(Need(values, 2)[0] * values[1] / 100m, 2)),
                _ => throw new InvalidOperationException($"Unknown function '{name}'."),
            };
        }

        private decimal[] Need(decimal[] values, int count)
            => values.Length == count
                ? values
                : throw new InvalidOperationException($"{name} takes {count} argument(s), not {values.Length}.");
    }
}
