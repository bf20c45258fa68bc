namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// The plugin fixtures under Fixtures/Plugins: real C# files, copied to the output folder and read at run time, that the
/// tests hand to the pipeline as model answers.
/// </summary>
internal static class PluginSources
{
    /// <summary>20% off for groups of more than ten on weekdays; compiles.</summary>
    public const string WeekdayGroupDiscount = "WeekdayGroupDiscount";

    /// <summary>The same rule at 25% off: the next version of <see cref="WeekdayGroupDiscount"/>; compiles.</summary>
    public const string WeekdayGroupDiscountQuarterOff = "WeekdayGroupDiscountQuarterOff";

    /// <summary>10% off for seniors on Mondays; compiles.</summary>
    public const string MondaySeniorDiscount = "MondaySeniorDiscount";

    /// <summary>An ISalesReport with revenue per day; compiles against the SalesReport extension point.</summary>
    public const string DailyRevenueReport = "DailyRevenueReport";

    /// <summary>Two classes implementing ITicketPricingRule.</summary>
    public const string TwoPricingRules = "TwoPricingRules";

    /// <summary>An ISalesReport, offered where an ITicketPricingRule was asked for.</summary>
    public const string ReportInsteadOfPricingRule = "ReportInsteadOfPricingRule";

    /// <summary>Declares its own interface named ITicketPricingRule and implements that one.</summary>
    public const string OwnContractOfSameName = "OwnContractOfSameName";

    /// <summary>Implements the contract with an internal class.</summary>
    public const string InternalPricingRule = "InternalPricingRule";

    /// <summary>Children half price, as a public class nested in a public static class; compiles.</summary>
    public const string NestedPricingRule = "NestedPricingRule";

    /// <summary>A pricing rule with garbage in its return statement.</summary>
    public const string SyntaxGarbage = "SyntaxGarbage";

    /// <summary>A pricing rule with three misspelt members: three compile errors.</summary>
    public const string ThreeUnknownMembers = "ThreeUnknownMembers";

    /// <summary>The same with two misspelt members: two compile errors.</summary>
    public const string TwoUnknownMembers = "TwoUnknownMembers";

    /// <summary>The same with one misspelt member (<c>order.Adultz</c>): one compile error.</summary>
    public const string OneUnknownMember = "OneUnknownMember";

    /// <summary>Counts orders per user in storage (<c>[UsesCapabilities("storage")]</c>); the reason says "order N of user".</summary>
    public const string OrderCounter = "OrderCounter";

    /// <summary>The next version of <see cref="OrderCounter"/>: the same counter, and every third order 10% off; the reason says "order N (v2)".</summary>
    public const string OrderCounterEveryThirdOff = "OrderCounterEveryThirdOff";

    /// <summary><see cref="OrderCounter"/> without its manifest: uses storage without declaring it.</summary>
    public const string UndeclaredStorage = "UndeclaredStorage";

    /// <summary>Keeps the storage capability of its first call in a field and uses it in later calls.</summary>
    public const string CapabilityKeptInField = "CapabilityKeptInField";

    public static string Read(string name)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Plugins", name + ".cs"));

    /// <summary>The fixture as a model would answer: a sentence and one ```csharp block.</summary>
    public static string Fenced(string name) => Answer(Read(name));

    public static string Answer(string source) => "Here is the plugin.\n\n```csharp\n" + source.TrimEnd() + "\n```\n";

    /// <summary>The 1-based line of the first line of <paramref name="source"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string source, string text)
    {
        var lines = source.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index < 0 ? throw new ArgumentException($"'{text}' is not in the source.", nameof(text)) : index + 1;
    }
}
