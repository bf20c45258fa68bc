namespace PersonalApp.Sandbox;

/// <summary>One API a plugin's code uses, as the symbol policy saw it: a type, or a member of one.</summary>
/// <param name="Namespace">The namespace of the type (empty for the global namespace).</param>
/// <param name="DocId">The documentation id, e.g. <c>M:System.Linq.Enumerable.Sum``1(...)</c> or <c>T:System.DayOfWeek</c>.</param>
/// <param name="Display">A short form for people: <c>Enumerable.Sum(IEnumerable, Func)</c>, <c>operator * (Decimal, Decimal)</c>, <c>DayOfWeek</c>.</param>
/// <param name="IsType">Whether the reference is to a type rather than a member.</param>
/// <param name="IsBuiltIn">Whether the type is one of C#'s built-in types (int, string, decimal...), which every plugin uses.</param>
internal readonly record struct ApiReference(string Namespace, string DocId, string Display, bool IsType, bool IsBuiltIn)
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["op_Addition"] = "+",
        ["op_Subtraction"] = "-",
        ["op_Multiply"] = "*",
        ["op_Division"] = "/",
        ["op_Modulus"] = "%",
        ["op_UnaryNegation"] = "-",
        ["op_UnaryPlus"] = "+",
        ["op_Increment"] = "++",
        ["op_Decrement"] = "--",
        ["op_Equality"] = "==",
        ["op_Inequality"] = "!=",
        ["op_LessThan"] = "<",
        ["op_GreaterThan"] = ">",
        ["op_LessThanOrEqual"] = "<=",
        ["op_GreaterThanOrEqual"] = ">=",
        ["op_Implicit"] = "implicit conversion",
        ["op_Explicit"] = "explicit conversion",
    };

    /// <summary>The display of a method, with operators written as C# writes them (<c>Decimal operator *(Decimal, Decimal)</c>).</summary>
    public static string Readable(MemberKey key)
    {
        if (!Operators.TryGetValue(key.Name, out var symbol))
        {
            // A generic method shows its type parameters: PluginContext.Require<T>(), Enumerable.Sum<T>(...).
            var display = key.Display;
            var open = display.IndexOf('(', StringComparison.Ordinal);
            return key.Arity == 0 || open < 0
                ? display
                : display[..open] + (key.Arity == 1 ? "<T>" : "<" + string.Join(", ", Enumerable.Range(1, key.Arity).Select(i => "T" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ">") + display[open..];
        }

        var text = key.Display;
        var paren = text.IndexOf('(', StringComparison.Ordinal);
        var type = key.TypeId[(key.TypeId.LastIndexOf('.') + 1)..].Split('`')[0];
        return symbol.Contains(' ', StringComparison.Ordinal)
            ? $"{type} {symbol}{(paren < 0 ? string.Empty : text[paren..])}"
            : $"{type} operator {symbol}{(paren < 0 ? string.Empty : text[paren..])}";
    }
}
