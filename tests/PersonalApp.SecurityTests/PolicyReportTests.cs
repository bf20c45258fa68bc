using PersonalApp.Sandbox;
using Xunit;

namespace PersonalApp.SecurityTests;

/// <summary>docs/policy.md is the policy in force, so a change of policy shows up in review as a diff.</summary>
public sealed class PolicyReportTests
{
    [Fact]
    public void PolicyDoc_MatchesTheDefaultPolicy()
    {
        var options = new SandboxOptions();
        var report = PolicyReport.Render(SandboxPolicy.For(options, ["PersonalApp.Abstractions"]), options.Limits);
        var path = Path.Combine(RepositoryRoot.Path, "docs", "policy.md");
        if (Environment.GetEnvironmentVariable("PERSONALAPP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, report);
        }

        Assert.True(File.Exists(path), "docs/policy.md is missing. Run the security tests with PERSONALAPP_UPDATE_DOCS=1 to generate it.");
        Assert.True(
            File.ReadAllText(path) == report,
            "docs/policy.md does not match the policy in force. Run the security tests with PERSONALAPP_UPDATE_DOCS=1 to regenerate it, and review the diff.");
    }
}
