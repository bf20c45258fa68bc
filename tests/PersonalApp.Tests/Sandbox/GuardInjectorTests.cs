using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PersonalApp.Sandbox;
using PersonalApp.Tests.TestUtilities;
using TicketKiosk.Contracts;
using Xunit;

namespace PersonalApp.Tests.Sandbox;

/// <summary>Layer 3 at compile time: where the guard state is kept, how it reaches plugin-private methods, and that the guards still stop what they must.</summary>
public sealed class GuardInjectorTests
{
    private const string State = "__personalAppState";

    [Fact]
    public void Rewrite_PrivateRecursiveMethod_GetsTheStateAsAHiddenParameter()
    {
        var rewritten = Rewrite("""
            public sealed class C
            {
                public long Run(int n) => Count(n, 3) + Sum(n);
                private static long Count(int amount, int index) => amount <= 0 ? 1 : index < 0 ? 0 : Count(amount - 1, index) + Count(amount, index - 1);
                private static long Sum(int n) { System.Func<int, long> f = k => Count(k, 1); var total = 0L; for (var i = 0; i < n; i++) { total += f(i); } return total; }
            }
            """);

        Assert.Contains(Squash($"private static long Count(int amount, int index,global::PersonalApp.Sandbox.GuardScope {State})"), rewritten, StringComparison.Ordinal);
        Assert.Contains(Squash($"Count(amount - 1, index,{State}: {State})"), rewritten, StringComparison.Ordinal);
        Assert.Contains(Squash($"var {State} = global::PersonalApp.Sandbox.PluginGuard.State();"), rewritten, StringComparison.Ordinal);
        Assert.Contains(Squash($"private static long Sum(int n,global::PersonalApp.Sandbox.GuardScope {State})"), rewritten, StringComparison.Ordinal);

        // Run reads the thread's state once; the lambda in Sum, a function of its own, reads it again (its local shadows Sum's parameter).
        Assert.Equal(2, Occurrences(rewritten, "PluginGuard.State()"));
    }

    [Theory]
    [InlineData("System.Func<int, int> f = Twice; return f(n);")]
    [InlineData("return nameof(Twice).Length + Twice(n);")]
    public void Rewrite_MethodNotOnlyCalledDirectly_ReadsTheStateItself(string body)
    {
        var rewritten = Rewrite($$"""
            public sealed class C
            {
                public int Run(int n) { {{body}} }
                private static int Twice(int n) => n * 2;
            }
            """);

        Assert.DoesNotContain(Squash($"GuardScope {State}"), rewritten, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(rewritten, "PluginGuard.State()"));
    }

    [Fact]
    public void Rewrite_MethodCalledFromAFieldInitializer_ReadsTheStateItself()
    {
        var rewritten = Rewrite("""
            public sealed class C
            {
                private readonly int _seed = Twice(21);
                public int Run(int n) => Twice(n) + _seed;
                private static int Twice(int n) => n * 2;
            }
            """);

        Assert.DoesNotContain(Squash($"GuardScope {State}"), rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_SourceThatUsesTheStateName_GetsAnotherNameTheSourceCannotMention()
    {
        var rewritten = Rewrite($$"""
            public sealed class C
            {
                private int {{State}};
                public int Run(int n) { for (var i = 0; i < n; i++) { {{State}}++; } return {{State}}; }
            }
            """);

        Assert.Contains(Squash($"var {State}1 = global::PersonalApp.Sandbox.PluginGuard.State();"), rewritten, StringComparison.Ordinal);
        Assert.Contains(Squash($"if (--{State}1.Budget < 0 && {State}1.Slow()) {{ return default!; }}"), rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_LargeValueTypeLocal_ChecksTheStackAtEveryEntry()
    {
        var rewritten = Rewrite("""
            public sealed class C
            {
                public decimal Run(int n) => Small(n) + Large(n);
                private static decimal Small(int n) { decimal a = n; return a * 2; }
                private static decimal Large(int n) { Big big = default; big.A.A = n; return big.A.A + big.H.H; }
                private struct S1 { public decimal A, B, C, D, E, F, G, H; }
                private struct Big { public S1 A, B, C, D, E, F, G, H; }
            }
            """);

        var small = rewritten[rewritten.IndexOf("Small(intn,", StringComparison.Ordinal)..rewritten.IndexOf("Large(intn,", StringComparison.Ordinal)];
        var large = rewritten[rewritten.IndexOf("Large(intn,", StringComparison.Ordinal)..];
        Assert.DoesNotContain(".Deep()", small, StringComparison.Ordinal);
        Assert.Contains(Squash($"|| {State}.Deep()"), large, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_IteratorsAndAsyncFunctions_UseTheThreadStaticGuards()
    {
        var rewritten = Rewrite("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public sealed class C
            {
                public IEnumerable<int> Numbers(int n) { for (var i = 0; i < n; i++) { yield return i; } }
                public async Task<int> Later(int n) { while (n > 0) { n--; await Task.Yield(); } return n; }
            }
            """);

        Assert.DoesNotContain(State, rewritten, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(rewritten, "PluginGuard.Enter()"));
        Assert.Equal(2, Occurrences(rewritten, "PluginGuard.Tick()"));
    }

    [Theory]
    [InlineData("return new(Spin(order.Adults), \"x\");", "private static int Spin(int n) { while (n >= 0) { n = (n * 7) % 1000; } return n; }", PluginLimit.Operations)]
    [InlineData("return new(Deep(order.Adults), \"x\");", "private static int Deep(int n) => Deep(n + 1) + 1;", PluginLimit.CallDepth)]
    [InlineData("return new(Dive(order.Adults, 0), \"x\");", "private static decimal Dive(int seed, int depth) { Big big = default; big.A.A = seed + depth; return big.A.A + Dive(seed, depth + 1) + big.H.H; } private struct S1 { public decimal A, B, C, D, E, F, G, H; } private struct Big { public S1 A, B, C, D, E, F, G, H; }", PluginLimit.CallDepth)]
    [InlineData("var f = (int n) => 0; f = n => f(n + 1) + 1; return new(f(order.Adults), \"x\");", "", PluginLimit.CallDepth)]
    [InlineData("return new(Ping(order.Adults), \"x\");", "private int Ping(int n) => Pong(n + 1) + 1; private int Pong(int n) => Ping(n + 1) + 1;", PluginLimit.CallDepth)]
    public void Run_GuardedPlugin_IsStoppedByTheRightLimit(string body, string members, PluginLimit expected)
    {
        var rule = Load(SandboxHost.Rule(body, members), out var context);
        try
        {
            var limits = new GuardLimits(TimeSpan.FromSeconds(30), 5_000_000, 64L * 1024 * 1024, 256 * 1024, TimeSpan.FromMilliseconds(100));

            var result = GuardedCall.Run(limits, () => rule.Apply(SandboxHost.Order));

            Assert.Equal(GuardedEnd.Limit, result.End);
            Assert.Equal(expected, result.Limit!.Limit);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Run_EndlessLoop_IsStoppedByTheClock()
    {
        var rule = Load(SandboxHost.Rule("var n = order.Adults; while (n >= 0) { n = (n * 7) % 1000; } return null;"), out var context);
        try
        {
            var limits = new GuardLimits(TimeSpan.FromMilliseconds(50), 10_000_000_000, 64L * 1024 * 1024, 256 * 1024, TimeSpan.FromMilliseconds(100));

            var result = GuardedCall.Run(limits, () => rule.Apply(SandboxHost.Order));

            Assert.Equal(PluginLimit.Time, result.Limit?.Limit);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Run_GuardedPlugin_GivesTheSameAnswerAsWithoutGuards()
    {
        var rule = Load(SandboxHost.Rule("return new(Count(40, 4), \"x\");", "private static readonly int[] Sizes = [1, 2, 4, 5, 10]; private static long Count(int a, int i) => a == 0 ? 1 : a < 0 || i < 0 ? 0 : Count(a - Sizes[i], i) + Count(a, i - 1);"), out var context);
        try
        {
            var result = GuardedCall.Run(new SandboxLimits().ToGuardLimits(), () => rule.Apply(SandboxHost.Order));

            Assert.Equal(GuardedEnd.Completed, result.End);
            Assert.Equal(Count(40, 4), result.Value!.Amount);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("PersonalApp.Sandbox.PluginGuard.State().Budget = int.MaxValue; return null;")]
    [InlineData("PersonalApp.Sandbox.GuardScope? s = null; return s is null ? null : new(1, \"x\");")]
    [InlineData("var s = PersonalApp.Sandbox.PluginGuard.State(); s.Slow(); return null;")]
    public async Task Compile_PluginReachingForTheGuardState_IsDenied(string body)
    {
        await using var host = await SandboxHost.StartAsync();

        var result = await host.RequestAsync(SandboxHost.Rule(body));

        Assert.False(result.IsPendingApproval);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticIds.PolicyDenied);
    }

    private static string Rewrite(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp14));
        var compilation = CSharpCompilation.Create("Rewrite", [tree], Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var rewritten = GuardInjector.Rewrite(tree, compilation.GetSemanticModel(tree), CancellationToken.None);
        var guarded = compilation.ReplaceSyntaxTree(tree, rewritten).AddReferences(MetadataReference.CreateFromFile(typeof(PluginGuard).Assembly.Location));
        Assert.Empty(guarded.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // Compared without whitespace: what matters is the code, not how the injected tokens are spaced.
        return string.Concat(rewritten.GetText().ToString().Where(c => !char.IsWhiteSpace(c)));
    }

    private static ITicketPricingRule Load(string source, out AssemblyLoadContext context)
    {
        var compiled = TestCompilers.Create().Compile(source, TestExtensionPoints.Pricing(), "GuardTarget" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Errors));
        context = new AssemblyLoadContext("guard-test", isCollectible: true);
        var assembly = context.LoadFromStream(new MemoryStream(compiled.Plugin!.Dll));
        return (ITicketPricingRule)Activator.CreateInstance(assembly.GetType("KioskPlugins.Rule")!)!;
    }

    private static long Count(int a, int i)
    {
        int[] sizes = [1, 2, 4, 5, 10];
        return a == 0 ? 1 : a < 0 || i < 0 ? 0 : Count(a - sizes[i], i) + Count(a, i - 1);
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static int Occurrences(string text, string value)
    {
        value = Squash(value);
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
