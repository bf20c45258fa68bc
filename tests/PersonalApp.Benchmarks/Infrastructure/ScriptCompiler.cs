using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// The tool a developer reaches for first: <see cref="CSharpScript"/>, the way its documentation shows it (the runtime's
/// own assemblies, plus those of the types the code uses and the contract's), with the same imports as a plugin and
/// optimized code (its default is Debug, which would flatter it at compile time and not at run time). Every compiled
/// script is loaded into a load context that never unloads (dotnet/roslyn#41722).
/// </summary>
internal static class ScriptCompiler
{
    public static ScriptOptions Options { get; } = ScriptOptions.Default
        .AddReferences(
            typeof(Enumerable).Assembly,
            typeof(HashSet<>).Assembly,
            typeof(StringBuilder).Assembly,
            typeof(System.Globalization.CultureInfo).Assembly,
            typeof(ITicketPricingRule).Assembly,
            typeof(ExtensionPointAttribute).Assembly)
        .AddImports(PluginCompiler.ImplicitNamespaces.Append(typeof(ITicketPricingRule).Namespace!))
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithEmitDebugInformation(false);

    /// <summary>Compiles, emits and loads the script (<see cref="Script{T}.CreateDelegate"/>), without running it.</summary>
    public static ScriptRunner<ITicketPricingRule> Compile(string code)
        => CSharpScript.Create<ITicketPricingRule>(code, Options).CreateDelegate();

    /// <summary>Compiles, loads and runs the script: what <c>CSharpScript.EvaluateAsync</c> does.</summary>
    public static Task<ITicketPricingRule> EvaluateAsync(string code)
        => CSharpScript.EvaluateAsync<ITicketPricingRule>(code, Options);
}
