using System.Globalization;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Verification;

namespace PersonalApp.Approvals;

/// <summary>
/// The risk rules of the approval packet, in one place (docs/approval.md states the same). The level is the highest
/// any rule gives; each rule that applies adds its reason.
/// </summary>
internal static class RiskAssessor
{
    /// <summary>More distinct APIs than this is a large surface to read.</summary>
    public const int ManyApis = 30;

    /// <summary>This many repair rounds or more means the model struggled.</summary>
    public const int HardRepair = 2;

    public static (RiskLevel Level, IReadOnlyList<string> Reasons) Assess(
        IReadOnlyList<string> capabilities,
        IReadOnlyList<ApiUsage> apis,
        IReadOnlyList<VerificationCheck> verification,
        PluginAudience audience,
        int repairRounds,
        IReadOnlyCollection<string> httpHosts)
    {
        var level = RiskLevel.Low;
        var reasons = new List<string>();
        void Raise(RiskLevel to, string reason)
        {
            level = (RiskLevel)Math.Max((int)level, (int)to);
            reasons.Add($"{to}: {reason}");
        }

        if (capabilities.Contains(CapabilityNames.Http))
        {
            Raise(RiskLevel.High, $"asks for http: it can send what it knows to, and read from, the approved hosts ({(httpHosts.Count == 0 ? "none configured" : string.Join(", ", httpHosts))})");
        }

        foreach (var failed in verification.Where(c => !c.Passed && c.Origin == CheckOrigin.Host))
        {
            Raise(RiskLevel.High, $"failed the host's acceptance example '{failed.Name}'{(failed.Message is null ? string.Empty : ": " + failed.Message)}");
        }

        foreach (var failed in verification.Where(c => !c.Passed && c.Origin == CheckOrigin.Model))
        {
            Raise(RiskLevel.Medium, $"failed its own check '{failed.Name}'{(failed.Message is null ? string.Empty : ": " + failed.Message)}");
        }

        if (capabilities.Contains(CapabilityNames.Storage))
        {
            Raise(RiskLevel.Medium, "asks for storage: it keeps data for each user in the app's database, across restarts and versions");
        }

        if (audience.Kind != PluginAudienceKind.Owner)
        {
            Raise(RiskLevel.Medium, $"is shared beyond its owner ({audience}): a fault reaches every user who gets it");
        }

        var apiCount = apis.Sum(a => a.Members.Count);
        if (apiCount > ManyApis)
        {
            Raise(RiskLevel.Medium, string.Create(CultureInfo.InvariantCulture, $"uses {apiCount} distinct APIs (more than {ManyApis}): a large surface to read"));
        }

        if (repairRounds >= HardRepair)
        {
            Raise(RiskLevel.Medium, string.Create(CultureInfo.InvariantCulture, $"took {repairRounds} repair rounds: read the code closely"));
        }

        if (reasons.Count == 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"Low: computes over the contract's parameters with {apiCount} allowed APIs{(capabilities.Count == 0 ? " and no capabilities" : $" and {string.Join(", ", capabilities)}")}"));
        }

        return (level, reasons);
    }
}
