namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// The plugins measured: real C# files under Plugins/, copied beside the program and read at run time, handed to the
/// pipeline as model answers and to the plain compilers as they are.
/// </summary>
internal static class PluginFiles
{
    public const string Small = "SmallPricingRule";
    public const string Medium = "MediumPricingRule";
    public const string Large = "LargePricingRule";
    public const string CpuBound = "CpuBoundPricingRule";
    public const string CpuLoops = "CpuLoopsPricingRule";
    public const string CpuRecursion = "CpuRecursionPricingRule";
    public const string CpuAllocation = "CpuAllocationPricingRule";
    public const string RunawayLoop = "RunawayLoopPricingRule";
    public const string RunawayRecursion = "RunawayRecursionPricingRule";

    /// <summary>The worked example the benchmark host shows the model (the kiosk sample's), not one of the plugins measured.</summary>
    public const string Example = "ExamplePricingRule";

    /// <summary>The three sizes the pipeline is measured at, smallest first.</summary>
    public static IReadOnlyList<string> Sizes { get; } = [Small, Medium, Large];

    /// <summary>The CPU-bound plugins for the guards: the mixed one (the target), then each kind of work alone.</summary>
    public static IReadOnlyList<string> CpuBoundPlugins { get; } = [CpuBound, CpuLoops, CpuRecursion, CpuAllocation];

    /// <summary>Plugins that never finish, for how soon the guards stop them.</summary>
    public static IReadOnlyList<string> Runaways { get; } = [RunawayLoop, RunawayRecursion];

    public static string Read(string name)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Plugins", name + ".cs"));

    /// <summary>The number of lines in the file, for the table.</summary>
    public static int Lines(string name) => Read(name).TrimEnd().Split('\n').Length;

    /// <summary>The file as a model answers: a sentence and one fenced C# block.</summary>
    public static string Answer(string source) => "Here is the plugin.\n\n```csharp\n" + source.TrimEnd() + "\n```\n";

    /// <summary>
    /// The same code as a C# script: a script may not declare a namespace, so the file-scoped namespace line goes, and the
    /// script's value is a new instance of the class (the equivalent of the loader's Activator.CreateInstance).
    /// </summary>
    public static string AsScript(string name)
    {
        var lines = Read(name).Split('\n').Where(l => !l.TrimStart().StartsWith("namespace ", StringComparison.Ordinal));
        return string.Join('\n', lines).TrimEnd() + $"\n\nnew {name}()\n";
    }

    /// <summary>
    /// A variant of the small plugin with its own class name and rate, so each of many plugins is a distinct assembly
    /// with distinct code, as real users' plugins are.
    /// </summary>
    public static string SmallVariant(int index)
        => Read(Small)
            .Replace("class SmallPricingRule", $"class SmallPricingRule{index}", StringComparison.Ordinal)
            .Replace("0.20m", $"0.{10 + (index % 80):00}m", StringComparison.Ordinal);
}
