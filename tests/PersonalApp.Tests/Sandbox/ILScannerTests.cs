using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PersonalApp.Sandbox;
using Xunit;

namespace PersonalApp.Tests.Sandbox;

/// <summary>Layer 2 judges the emitted assembly, whatever source produced it: here, assemblies compiled without layer 1.</summary>
public sealed class ILScannerTests
{
    private static readonly SandboxPolicy Policy = SandboxPolicy.For(new SandboxOptions(), ["PersonalApp.Abstractions"]);

    [Theory]
    [InlineData("public static class C { [System.Runtime.InteropServices.DllImport(\"libc\")] public static extern System.IntPtr getenv(string name); }", "P/Invoke")]
    [InlineData("public static class C { public static unsafe int F() { int* p = stackalloc int[4]; return p[0]; } }", "localloc")]
    [InlineData("public static class C { [System.Runtime.CompilerServices.ModuleInitializer] public static void Init() { } }", "module initializer")]
    [InlineData("[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public struct S { [System.Runtime.InteropServices.FieldOffset(0)] public int A; }", "explicit memory layout")]
    [InlineData("public class C { ~C() { } }", "finalizer")]
    [InlineData("public static class C { public static int Count; }", "static mutable field")]
    [InlineData("public static class C { public static string F() => System.IO.File.ReadAllText(\"x\"); }", "M:System.IO.File.ReadAllText(System.String)")]
    [InlineData("public static class C { public static object F() => typeof(string).Assembly; }", "System.Reflection.Assembly")]
    [InlineData("public static class C { public static unsafe int F(delegate*<int> f) => f(); }", "pointer")]
    public void Scan_AssemblyWithForbiddenContent_IsRefused(string source, string expected)
    {
        var problems = ILScanner.Scan(Compile(source), Policy);

        Assert.Contains(problems, p => p.Id == DiagnosticIds.ILScanDenied && p.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_CompilerGeneratedCode_IsAccepted()
    {
        const string Source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            public sealed record Tier(int Min, decimal Rate);
            public sealed class C
            {
                private static readonly int[] Primes = [2, 3, 5, 7];
                public string F(IReadOnlyList<int> xs)
                {
                    List<int> list = [.. xs, 1];
                    IReadOnlyList<int> readOnly = [1, 2, 3];
                    ReadOnlySpan<byte> bytes = [1, 2, 3];
                    var (a, b) = (xs.Count, "x");
                    var t = new Tier(1, 2m);
                    var label = b switch { "x" => "ex", _ => "other" };
                    return $"{a} {b} {list.Sum()} {bytes.Length} {t} {label} {Evens(5).Count()} {Primes[1..].Length} {readOnly.Count}";
                }
                private static IEnumerable<int> Evens(int n) { for (var i = 0; i < n; i++) { yield return i * 2; } }
                public static async Task<int> LaterAsync() => await Task.FromResult(1);
            }
            """;

        var problems = ILScanner.Scan(Compile(Source, allowUnsafe: false), Policy);

        Assert.Empty(problems);
    }

    [Fact]
    public void Scan_ReferenceToAFrameworkAssemblyWithoutAllowedTypes_IsRefused()
    {
        var problems = ILScanner.Scan(Compile("public static class C { public static int F() => System.Console.WindowWidth; }", allowUnsafe: false), Policy);

        Assert.Contains(problems, p => p.Message.Contains("references the assembly System.Console", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_DamagedImage_IsRefusedWithoutThrowing()
    {
        var problems = ILScanner.Scan([0x4D, 0x5A, 1, 2, 3], Policy);

        Assert.Contains(problems, p => p.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    private static byte[] Compile(string source, bool allowUnsafe = true)
    {
        var compilation = CSharpCompilation.Create(
            "ScanTarget",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp14))],
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return stream.ToArray();
    }
}
