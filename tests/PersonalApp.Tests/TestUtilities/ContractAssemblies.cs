using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// Real contract assemblies, compiled by the test into files and loaded into their own load contexts, so one test can
/// run a host against version 1 of a contract and restart it against version 2, as an app upgrade does.
/// </summary>
internal static class ContractAssemblies
{
    public const string AssemblyName = "Greetings.Contracts";

    /// <summary>Compiles <paramref name="source"/> as Greetings.Contracts <paramref name="version"/> into <paramref name="folder"/> and loads it on its own.</summary>
    public static Assembly Build(string folder, string version, string source)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AssemblyName + ".dll");
        var compilation = CSharpCompilation.Create(
            AssemblyName,
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\n" + source)],
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithDeterministic(true));
        var emit = compilation.Emit(path);
        if (!emit.Success)
        {
            throw new InvalidOperationException(string.Join("; ", emit.Diagnostics));
        }

        return new ContractLoadContext(path).Contract;
    }

    /// <summary>A load context holding one contract assembly; everything else comes from the default context.</summary>
    private sealed class ContractLoadContext : AssemblyLoadContext
    {
        public ContractLoadContext(string path)
            : base("contract " + path, isCollectible: false)
        {
            Contract = LoadFromAssemblyPath(path);
        }

        public Assembly Contract { get; }

        protected override Assembly? Load(AssemblyName assemblyName)
            => string.Equals(assemblyName.Name, AssemblyName, StringComparison.Ordinal) ? Contract : null;
    }
}
