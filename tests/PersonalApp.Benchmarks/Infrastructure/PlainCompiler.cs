using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// What a developer writes without PersonalApp: <c>CSharpCompilation.Create(...).Emit(stream)</c> of the same source, with
/// the same language version, references and compilation options as <see cref="PluginCompiler"/> (so a ratio measures
/// the sandbox and the pipeline, not a different setting), and no symbol policy, guards, IL scan, PDB or store.
/// </summary>
internal static class PlainCompiler
{
    private static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithDeterministic(true)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(false)
        .WithConcurrentBuild(false);

    /// <summary>
    /// C# 14 as PluginCompiler, with Roslyn's defaults otherwise: a plain build runs nullable flow analysis (for its
    /// warnings), which PluginCompiler skips because it reports errors only.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14, DocumentationMode.None);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyReferences = new(() =>
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ExtensionPointAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ITicketPricingRule).Assembly.Location),
    ]);

    /// <summary>The global usings every plugin gets (the same text the pipeline adds).</summary>
    public static string ImplicitUsings { get; } =
        string.Concat(PluginCompiler.ImplicitNamespaces.Append(typeof(ITicketPricingRule).Namespace!).Select(n => $"global using global::{n};\n"));

    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>Parses, compiles and emits the DLL; throws when the source does not compile.</summary>
    public static byte[] Emit(string source, string assemblyName) => Emit(source, assemblyName, ParseOptions);

    /// <summary>The same with other parse options (the stage breakdown's plain emit without nullable analysis).</summary>
    public static byte[] Emit(string source, string assemblyName, CSharpParseOptions parseOptions)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [
                CSharpSyntaxTree.ParseText(SourceText.From(source, System.Text.Encoding.UTF8), parseOptions),
                CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions),
            ],
            References,
            Options);
        using var dll = new MemoryStream();
        var result = compilation.Emit(dll);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{assemblyName} does not compile: {string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))}");
        }

        return dll.ToArray();
    }

    /// <summary>
    /// Loads an image the plain way: its own collectible <see cref="AssemblyLoadContext"/>, from a stream, with the contract
    /// resolved from the host (the default context), and creates the type.
    /// </summary>
    public static (T Instance, AssemblyLoadContext Context) Load<T>(byte[] image, string typeName)
        where T : class
    {
        var context = new AssemblyLoadContext(typeName + ".plain", isCollectible: true);
        using var stream = new MemoryStream(image, writable: false);
        var assembly = context.LoadFromStream(stream);
        var instance = (T)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!)!;
        return (instance, context);
    }
}
