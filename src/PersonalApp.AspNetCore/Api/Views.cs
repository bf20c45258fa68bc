using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.AspNetCore.Api;

/// <summary>Maps the engine's public types to the API's views (enums as text, keys split into id and version).</summary>
internal static class Views
{
    public static ExtensionPointView Of(ExtensionPoint point)
        => new(point.Name, point.Description, [.. point.Examples.Select(e => e.Wish)]);

    public static StageView Of(PersonalizationProgress progress)
        => new(progress.Stage.ToString(), progress.Round, progress.Message);

    public static VersionView Of(PluginVersionInfo info)
        => new(
            info.Key.PluginId,
            info.Key.Version,
            info.Status.ToString(),
            info.Wish,
            info.Owner,
            info.ExtensionPoint,
            info.CreatedAt,
            info.DecidedBy,
            info.DecisionReason,
            info.Placement?.ToString(),
            info.RequestedCapabilities,
            info.GrantedCapabilities);

    public static IReadOnlyList<FeatureView> Features(IEnumerable<PluginVersionInfo> versions)
        => [.. versions
            .GroupBy(v => v.Key.PluginId, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderByDescending(v => v.Key.Version).ToList();
                var active = ordered.FirstOrDefault(v => v.Status == PluginStatus.Active);
                var latest = ordered[0];

                // With nothing live, the plugin stands where its last decision left it (revoked, rejected, pending...).
                var status = active ?? ordered.MaxBy(v => v.UpdatedAt)!;
                return new FeatureView(g.Key, latest.ExtensionPoint, latest.Owner, (active ?? latest).Wish, status.Status.ToString(), active?.Key.Version, [.. ordered.Select(Of)]);
            })
            .OrderByDescending(f => f.Versions[0].CreatedAt)];

    public static PacketView Of(ApprovalPacket packet, IReadOnlyList<ExtensionPoint> points)
        => new(
            packet.Version.Key.PluginId,
            packet.Version.Key.Version,
            packet.Version.Status.ToString(),
            packet.Version.Wish,
            packet.Version.Owner,
            packet.Version.ExtensionPoint,
            packet.Version.ContractType,
            packet.Version.ModelId,
            packet.Version.RepairRounds,
            packet.Version.InputTokens,
            packet.Version.OutputTokens,
            packet.Version.Source,
            packet.NumberedSource,
            packet.PreviousVersion?.Version,
            packet.Diff,
            [.. packet.Version.ApisUsed.Select(a => new ApiUsageView(a.Namespace, a.Members))],
            packet.Version.RequestedCapabilities,
            packet.Version.GrantedCapabilities,
            [.. packet.Version.Verification.Select(c => new CheckView(c.Name, c.Origin.ToString(), c.Passed, c.Message, c.Milliseconds))],
            packet.Version.Sha256,
            packet.Audience.ToString(),
            packet.Risk.ToString(),
            packet.RiskReasons,
            [.. packet.Version.Diagnostics.Select(DiagnosticView.From)],
            packet.Version.CreatedAt,
            packet.Version.DecidedBy,
            packet.Version.DecisionReason,
            points.FirstOrDefault(p => string.Equals(p.Name, packet.Version.ExtensionPoint, StringComparison.Ordinal))?.CanRunIsolated ?? false,
            packet.Placement.ToString(),
            packet.PlacementMeaning,
            packet.PlacementWarning,
            PlacementMeanings);

    private static readonly IReadOnlyDictionary<string, string> PlacementMeanings = Enum.GetValues<PluginPlacement>()
        .ToDictionary(p => p.ToString(), PersonalApp.Isolation.PlacementAdvisor.Meaning, StringComparer.Ordinal);

    public static AuditView Of(AuditEntry entry)
        => new(entry.Sequence, entry.At, entry.Action, entry.Actor, entry.PluginId, entry.Version, entry.Reason);

    public static ResultView Of(PersonalizationResult result, IReadOnlyList<ExtensionPoint> points)
    {
        var diagnostics = result.Diagnostics.Select(DiagnosticView.From).ToList();
        var examples = points
            .Where(p => result.ExtensionPoint is null || string.Equals(p.Name, result.ExtensionPoint, StringComparison.Ordinal))
            .SelectMany(p => p.Examples.Select(e => e.Wish))
            .Take(3)
            .ToList();
        return result.Kind switch
        {
            PersonalizationResultKind.PendingApproval => new ResultView(
                "PendingApproval",
                result.RequestId,
                $"Your feature was written ({result.Plugin!.Value.PluginId}, version {result.Plugin.Value.Version}). It waits for an admin's approval; it starts working once approved.",
                result.Plugin.Value.PluginId,
                result.Plugin.Value.Version,
                null,
                null,
                0,
                diagnostics,
                [],
                result.RepairRounds,
                result.InputTokens,
                result.OutputTokens),
            PersonalizationResultKind.ExistingPluginOffered => new ResultView(
                "ExistingPluginOffered",
                result.RequestId,
                $"An approved feature already does this ({result.ReusedPlugin!.Value.PluginId}, version {result.ReusedPlugin.Value.Version}), so nothing new was written.",
                null,
                null,
                result.ReusedPlugin.Value.PluginId,
                result.ReusedPlugin.Value.Version,
                result.TokensSaved,
                diagnostics,
                ["Ask again with \"write my own anyway\" if you still want a feature of your own."],
                result.RepairRounds,
                result.InputTokens,
                result.OutputTokens),
            _ => new ResultView(
                "Failed",
                result.RequestId,
                "The feature could not be made: " + (diagnostics.FirstOrDefault()?.Message ?? "no reason was given."),
                null,
                null,
                null,
                null,
                0,
                diagnostics,
                [.. new[] { "Say it more simply, with the numbers and the days it applies to." }.Concat(examples.Select(e => $"Ask something like: \"{e}\""))],
                result.RepairRounds,
                result.InputTokens,
                result.OutputTokens),
        };
    }
}
