using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Verification;

namespace PersonalApp.Tests.Approvals;

public sealed class RiskAssessorTests
{
    private static readonly ApiUsage[] FewApis = [new("System", ["Decimal.Round(Decimal, Int32)"])];

    [Fact]
    public void Assess_PureComputation_IsLowWithOneReasonSayingSo()
    {
        var (level, reasons) = RiskAssessor.Assess([], FewApis, [], PluginAudience.Owner, 0, []);

        Assert.Equal(RiskLevel.Low, level);
        Assert.Equal("Low: computes over the contract's parameters with 1 allowed APIs and no capabilities", Assert.Single(reasons));
    }

    [Fact]
    public void Assess_Storage_IsMedium()
    {
        var (level, reasons) = RiskAssessor.Assess(["storage"], FewApis, [], PluginAudience.Owner, 0, []);

        Assert.Equal(RiskLevel.Medium, level);
        Assert.StartsWith("Medium: asks for storage", Assert.Single(reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_HttpAndStorage_IsHighWithBothReasons()
    {
        var (level, reasons) = RiskAssessor.Assess(["storage", "http"], FewApis, [], PluginAudience.Owner, 0, ["api.example.com"]);

        Assert.Equal(RiskLevel.High, level);
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("High: asks for http", StringComparison.Ordinal) && r.Contains("api.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_FailedHostExample_IsHigh()
    {
        VerificationCheck[] checks = [new("12 adults on a Tuesday pay 192", CheckOrigin.Host, false, "paid 240", 3)];

        var (level, reasons) = RiskAssessor.Assess([], FewApis, checks, PluginAudience.Owner, 0, []);

        Assert.Equal(RiskLevel.High, level);
        Assert.Equal("High: failed the host's acceptance example '12 adults on a Tuesday pay 192': paid 240", Assert.Single(reasons));
    }

    [Fact]
    public void Assess_FailedModelCheck_IsMedium()
    {
        VerificationCheck[] checks =
        [
            new("passes", CheckOrigin.Host, true, null, 0),
            new("a group of 12 pays 80%", CheckOrigin.Model, false, null, 0),
        ];

        Assert.Equal(RiskLevel.Medium, RiskAssessor.Assess([], FewApis, checks, PluginAudience.Owner, 0, []).Level);
    }

    [Fact]
    public void Assess_ManyApisSharedWithEveryoneAfterHardRepair_IsMediumWithThreeReasons()
    {
        ApiUsage[] many = [new("System", [.. Enumerable.Range(0, RiskAssessor.ManyApis + 1).Select(i => $"Api{i}")])];

        var (level, reasons) = RiskAssessor.Assess([], many, [], PluginAudience.Everyone, RiskAssessor.HardRepair, []);

        Assert.Equal(RiskLevel.Medium, level);
        Assert.Equal(3, reasons.Count);
    }
}
