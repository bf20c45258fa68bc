using PersonalApp.Tests.TestUtilities;
using Xunit;

namespace PersonalApp.Tests.Sandbox;

/// <summary>Layer 1 judges resolved symbols, precise to the overload, whatever the text looks like.</summary>
public sealed class SymbolPolicyAnalyzerTests
{
    [Theory]
    [InlineData("return new(0, System.IO.File.ReadAllText(\"/etc/hostname\"));", "")]
    [InlineData("return new(0, global::System.IO.File.ReadAllText(\"/etc/hostname\"));", "")]
    [InlineData("return new(0, F.ReadAllText(\"/etc/hostname\"));", "using F = System.IO.File;")]
    [InlineData("return new(0, \\u0046ile.ReadAllText(\"/etc/hostname\"));", "using System.IO;")]
    [InlineData("#pragma warning disable\nreturn new(0, System.IO.File.ReadAllText(\"/etc/hostname\"));\n#pragma warning restore", "")]
    public async Task Analyze_ForbiddenCallWrittenAnyWay_IsDeniedBySymbol(string body, string usings)
    {
        await using var host = await SandboxHost.StartAsync();

        var result = await host.RequestAsync(SandboxHost.Rule(body, usings: usings));

        Assert.False(result.IsPendingApproval);
        var denial = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.PolicyDenied && d.Message.Contains("M:System.IO.File.ReadAllText(System.String)", StringComparison.Ordinal));
        Assert.NotNull(denial.Line);
    }

    [Fact]
    public async Task Analyze_DateTimeNow_IsDeniedButDateArithmeticIsAllowed()
    {
        await using var host = await SandboxHost.StartAsync();

        var now = await host.RequestAsync(SandboxHost.Rule("return order.VisitDate > DateOnly.FromDateTime(DateTime.Now) ? null : new(1, \"x\");"));
        var arithmetic = await host.RequestAsync(SandboxHost.Rule("return order.VisitDate.AddDays(7).DayOfWeek == DayOfWeek.Monday ? new(TimeSpan.FromHours(2).Hours, \"x\") : null;"));

        Assert.Contains(now.Diagnostics, d => d.Id == DiagnosticIds.PolicyDenied && d.Message.Contains("M:System.DateTime.get_Now", StringComparison.Ordinal));
        Assert.True(arithmetic.IsPendingApproval, arithmetic.ToString());
    }

    [Fact]
    public async Task Analyze_RegexOverloads_OnlyThoseWithATimeoutAreAllowed()
    {
        await using var host = await SandboxHost.StartAsync();
        const string Usings = "using System.Text.RegularExpressions;";

        var withoutTimeout = await host.RequestAsync(SandboxHost.Rule("return Regex.IsMatch(order.ToString(), \"a+\") ? null : new(1, \"x\");", usings: Usings));
        var withTimeout = await host.RequestAsync(SandboxHost.Rule("return Regex.IsMatch(order.ToString(), \"a+\", RegexOptions.None, TimeSpan.FromMilliseconds(50)) ? null : new(1, \"x\");", usings: Usings));

        Assert.Contains(withoutTimeout.Diagnostics, d => d.Message.Contains("M:System.Text.RegularExpressions.Regex.IsMatch(System.String,System.String)", StringComparison.Ordinal));
        Assert.True(withTimeout.IsPendingApproval, withTimeout.ToString());
    }

    [Theory]
    [InlineData("var files = new List<System.IO.FileInfo>(); return null;", "T:System.IO.FileInfo")]
    [InlineData("var t = typeof(string); return null;", "typeof")]
    [InlineData("object o = order; return new(o.GetType().Name.Length, \"x\");", "M:System.Object.GetType")]
    [InlineData("dynamic d = order; return null;", "dynamic")]
    [InlineData("foreach (var e in Environment.GetEnvironmentVariables().Keys) { } return null;", "System.Environment")]
    public async Task Analyze_IndirectUses_AreDenied(string body, string expected)
    {
        await using var host = await SandboxHost.StartAsync();

        var result = await host.RequestAsync(SandboxHost.Rule(body));

        Assert.False(result.IsPendingApproval);
        Assert.Contains(result.Diagnostics, d => d.Id is DiagnosticIds.PolicyDenied or DiagnosticIds.PolicyForbiddenConstruct && d.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unsafe { int x = 1; int* p = &x; } return null;", "unsafe")]
    [InlineData("Span<byte> b = stackalloc byte[16]; return null;", "stackalloc")]
    [InlineData("start: goto start;", "goto")]
    [InlineData("lock (this) { } return null;", "lock")]
    public async Task Analyze_ForbiddenConstructs_AreRefusedBeforeCompileErrors(string body, string construct)
    {
        await using var host = await SandboxHost.StartAsync();

        var result = await host.RequestAsync(SandboxHost.Rule(body));

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.PolicyForbiddenConstruct);
        Assert.Contains(construct, diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticIds.CompileError);
    }

    [Theory]
    [InlineData("private static int _calls;", "static fields")]
    [InlineData("~Rule() { }", "finalizers")]
    [InlineData("static Rule() { }", "static constructors")]
    [InlineData("private async void Fire() { await System.Threading.Tasks.Task.CompletedTask; }", "async void")]
    [InlineData("[System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { }", "ModuleInitializerAttribute")]
    public async Task Analyze_ForbiddenMembers_AreRefused(string member, string expected)
    {
        await using var host = await SandboxHost.StartAsync();

        var result = await host.RequestAsync(SandboxHost.Rule("return null;", member));

        Assert.False(result.IsPendingApproval);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_HostAllowsAType_ItsMembersBecomeUsable()
    {
        await using var denied = await SandboxHost.StartAsync();
        await using var allowed = await SandboxHost.StartAsync(o => o.Sandbox.Allow(typeof(System.Numerics.BigInteger)));
        var source = SandboxHost.Rule("var big = System.Numerics.BigInteger.Pow(2, 10); return new((decimal)big, \"x\");");

        var before = await denied.RequestAsync(source);
        var after = await allowed.RequestAsync(source);

        Assert.Contains(before.Diagnostics, d => d.Message.Contains("BigInteger", StringComparison.Ordinal));
        Assert.True(after.IsPendingApproval, after.ToString());
    }

    [Fact]
    public async Task Analyze_HostAllowsOneOverload_OtherOverloadsStayDenied()
    {
        var one = typeof(Path).GetMethod(nameof(Path.GetExtension), [typeof(string)])!;
        await using var host = await SandboxHost.StartAsync(o => o.Sandbox.Allow(one));

        var allowed = await host.RequestAsync(SandboxHost.Rule("return new(System.IO.Path.GetExtension(\"a.txt\").Length, \"x\");"));
        var other = await host.RequestAsync(SandboxHost.Rule("return new(System.IO.Path.GetFileName(\"a.txt\").Length, \"x\");"));

        Assert.True(allowed.IsPendingApproval, allowed.ToString());
        Assert.Contains(other.Diagnostics, d => d.Message.Contains("M:System.IO.Path.GetFileName(System.String)", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_AllowedCode_ReturnsEveryApiItUsesGroupedByNamespace()
    {
        var source = SandboxHost.Rule("return order.VisitDate == new DateOnly(2026, 12, 1) ? new(order.Adults, string.Concat(\"a\", Name)) : null;");

        var result = TestCompilers.Create().Compile(source, TestExtensionPoints.Pricing(), "PersonalApp.Plugin.apis", CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var byNamespace = result.Plugin!.Apis.ToDictionary(a => a.Namespace, a => a.Members);
        Assert.Equal(["System", "TicketKiosk.Contracts"], byNamespace.Keys);
        Assert.Contains("DateOnly operator ==(DateOnly, DateOnly)", byNamespace["System"]);
        Assert.Contains("new DateOnly(Int32, Int32, Int32)", byNamespace["System"]);
        Assert.Contains("String.Concat(String, String)", byNamespace["System"]);
        Assert.Contains("TicketOrder.VisitDate (get)", byNamespace["TicketKiosk.Contracts"]);
        Assert.Contains("TicketOrder.Adults (get)", byNamespace["TicketKiosk.Contracts"]);
        Assert.Contains("ITicketPricingRule", byNamespace["TicketKiosk.Contracts"]);
        Assert.DoesNotContain(byNamespace.Values.SelectMany(m => m), m => m.StartsWith("Rule", StringComparison.Ordinal));
    }
}
