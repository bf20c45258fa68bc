using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Sqlite;
using PersonalApp.Verification;

namespace PersonalApp.Approvals;

/// <summary>Puts an <see cref="ApprovalPacket"/> together from the store: the version, the one before it, its audience, the risk rules.</summary>
internal sealed class ApprovalPacketBuilder
{
    private readonly IPluginCatalog _store;
    private readonly IReadOnlyCollection<string> _httpHosts;
    private readonly PlacementAdvisor _placements;

    public ApprovalPacketBuilder(IPluginCatalog store, IOptions<PersonalizationOptions> options, PlacementAdvisor placements)
    {
        _store = store;
        _placements = placements;
        _httpHosts = [.. options.Value.Capabilities.HttpAllowedHosts];
    }

    public ApprovalPacket? Build(PluginVersionKey key, IReadOnlyList<VerificationCheck>? verification = null)
    {
        var version = _store.GetVersion(key);
        if (version is null)
        {
            return null;
        }

        var previous = key.Version > 1 ? _store.GetVersion(key with { Version = key.Version - 1 }) : null;
        var audience = _store.GetAudience(key.PluginId);
        verification ??= version.Verification;
        // A decided version shows where it runs; a pending one, where approving it without choosing would put it.
        var placement = _placements.Advise(version.ContractType, version.Status == PluginStatus.PendingApproval ? null : version.Placement ?? PluginPlacement.InProcess);
        var (risk, reasons) = RiskAssessor.Assess(version.RequestedCapabilities, version.ApisUsed, verification, audience, version.RepairRounds, _httpHosts);
        return new ApprovalPacket
        {
            Version = version with { Verification = verification },
            NumberedSource = Numbered(version.Source),
            PreviousVersion = previous?.Key,
            Diff = previous is null ? null : LineDiff.Unified(previous.Source, version.Source, $"{previous.Key} ({previous.Status})", $"{version.Key}"),
            Audience = audience,
            Risk = risk,
            RiskReasons = reasons,
            Placement = placement.Placement,
            PlacementMeaning = placement.Meaning,
            PlacementWarning = placement.Warning,
        };
    }

    internal static string Numbered(string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > 1 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        var width = lines.Length.ToString(CultureInfo.InvariantCulture).Length;
        var text = new StringBuilder(source.Length + (lines.Length * (width + 3)));
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append(" | ").Append(lines[i]).Append('\n');
        }

        return text.ToString();
    }
}
