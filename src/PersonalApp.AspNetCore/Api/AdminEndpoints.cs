using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;

namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// The admin's endpoints: the queue, the packet, decisions (approve with grants and placement, reject, roll back,
/// revoke, promote), every plugin with its versions, the audit log, and the isolation report.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder admin, PersonalizationEndpointOptions options)
    {
        admin.MapGet("/queue", async (IPluginApprovals approvals, CancellationToken ct) =>
                TypedResults.Ok((await approvals.ListAsync(PluginStatus.PendingApproval, ct).ConfigureAwait(false)).Select(Views.Of).ToList()))
            .WithName("PersonalApp_Queue")
            .WithSummary("The versions waiting for a decision, oldest first.")
            .Produces<List<VersionView>>();

        admin.MapGet("/plugins", async (IPluginApprovals approvals, CancellationToken ct) =>
                TypedResults.Ok(Views.Features(await approvals.ListAsync(null, ct).ConfigureAwait(false))))
            .WithName("PersonalApp_Plugins")
            .WithSummary("Every plugin with all its versions.")
            .Produces<List<FeatureView>>();

        admin.MapGet("/plugins/{pluginId}/versions/{version:int}/packet", async (string pluginId, int version, IPluginApprovals approvals, IPersonalizer personalizer, CancellationToken ct) =>
            {
                var packet = await approvals.GetPacketAsync(new PluginVersionKey(pluginId, version), ct).ConfigureAwait(false);
                return packet is null ? Problems.NotFound($"version {version} of plugin '{pluginId}'") : TypedResults.Ok(Views.Of(packet, personalizer.ExtensionPoints));
            })
            .WithName("PersonalApp_Packet")
            .WithSummary("The approval packet: source with line numbers, diff, APIs by namespace, capabilities, verification, risk, model, rounds and tokens.")
            .Produces<PacketView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/plugins/{pluginId}/versions/{version:int}/approve", async (string pluginId, int version, HttpContext http, IPluginApprovals approvals) =>
            {
                var (adminId, body, bad) = await ReadAsync<DecisionBody>(http, options).ConfigureAwait(false);
                if (bad is not null)
                {
                    return bad;
                }

                PluginPlacement? placement = null;
                if (!string.IsNullOrWhiteSpace(body!.Placement))
                {
                    if (!Enum.TryParse<PluginPlacement>(body.Placement, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    {
                        return Problems.Field("placement", "Placement is 'InProcess' or 'Isolated'.");
                    }

                    placement = parsed;
                }

                var key = new PluginVersionKey(pluginId, version);
                var current = await approvals.GetAsync(key, http.RequestAborted).ConfigureAwait(false);
                if (current is null)
                {
                    return Problems.NotFound($"version {version} of plugin '{pluginId}'");
                }

                if (!options.AllowSelfApproval && string.Equals(current.Owner, adminId, StringComparison.Ordinal))
                {
                    return Problems.Forbidden("You asked for this feature yourself, so another admin must approve it. (The host can allow self-approval with PersonalizationEndpointOptions.AllowSelfApproval.)");
                }

                var decision = new ApprovalDecision(adminId, Reason(body.Reason))
                {
                    Placement = placement,
                    GrantedCapabilities = new HashSet<string>(body.GrantedCapabilities ?? [], StringComparer.Ordinal),
                };
                return await DecideAsync(() => approvals.ApproveAsync(key, decision, http.RequestAborted), "grantedCapabilities").ConfigureAwait(false);
            })
            .WithName("PersonalApp_Approve")
            .WithSummary("Approves a pending version: it goes live with the capabilities granted, where the placement says.")
            .Accepts<DecisionBody>("application/json")
            .Produces<VersionView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        MapReasoned(admin, "/plugins/{pluginId}/versions/{version:int}/reject", "PersonalApp_Reject", "Rejects a pending version, with a reason the owner can read.",
            (approvals, http, adminId, reason) => approvals.RejectAsync(KeyOf(http), adminId, reason, http.RequestAborted), options);
        MapReasoned(admin, "/plugins/{pluginId}/versions/{version:int}/rollback", "PersonalApp_Rollback", "Makes an earlier approved version live again.",
            (approvals, http, adminId, reason) => approvals.RollbackAsync(KeyOf(http), adminId, reason, http.RequestAborted), options);
        MapReasoned(admin, "/plugins/{pluginId}/revoke", "PersonalApp_Revoke", "Takes a plugin's live version out of service.",
            (approvals, http, adminId, reason) => approvals.RevokeAsync(PluginIdOf(http), adminId, reason, http.RequestAborted), options);

        admin.MapPost("/plugins/{pluginId}/promote", async (string pluginId, HttpContext http, IPluginApprovals approvals) =>
            {
                var (adminId, body, bad) = await ReadAsync<PromoteBody>(http, options).ConfigureAwait(false);
                if (bad is not null)
                {
                    return bad;
                }

                if (!TryParseAudience(body!.Audience, out var audience))
                {
                    return Problems.Field("audience", "Audience is 'owner', 'everyone' or 'group:<name>'.");
                }

                if (string.IsNullOrWhiteSpace(body.Reason))
                {
                    return Problems.Field("reason", "Say why: it is written to the audit log.");
                }

                return await DecideAsync(() => approvals.PromoteAsync(pluginId, audience, adminId, body.Reason.Trim(), http.RequestAborted), "audience").ConfigureAwait(false);
            })
            .WithName("PersonalApp_Promote")
            .WithSummary("Changes who gets a live plugin: its owner, everyone, or a group.")
            .Accepts<PromoteBody>("application/json")
            .Produces<VersionView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/audit", async (string? pluginId, string? action, string? actor, int? limit, IPluginApprovals approvals, CancellationToken ct) =>
            {
                var entries = await approvals.GetAuditLogAsync(string.IsNullOrWhiteSpace(pluginId) ? null : pluginId, ct).ConfigureAwait(false);
                var filtered = entries
                    .Where(e => string.IsNullOrWhiteSpace(action) || string.Equals(e.Action, action, StringComparison.OrdinalIgnoreCase))
                    .Where(e => string.IsNullOrWhiteSpace(actor) || string.Equals(e.Actor, actor, StringComparison.Ordinal))
                    .OrderByDescending(e => e.Sequence)
                    .Take(Math.Clamp(limit ?? 200, 1, 1000))
                    .Select(Views.Of)
                    .ToList();
                return TypedResults.Ok(filtered);
            })
            .WithName("PersonalApp_Audit")
            .WithSummary("The audit log, newest first, filtered by plugin, action and actor.")
            .Produces<List<AuditView>>();

        admin.MapGet("/health", async (IPluginIsolation isolation, CancellationToken ct) =>
            {
                var health = await new PersonalAppIsolationHealthCheck(isolation).CheckHealthAsync(new HealthCheckContext(), ct).ConfigureAwait(false);
                IsolationReport? report = null;
                try
                {
                    report = isolation.Report;
                }
                catch (PersonalizationException)
                {
                    // The health result already says why; the report's fields stay empty.
                }

                return TypedResults.Ok(new HealthView(
                    health.Status.ToString(),
                    health.Description ?? string.Empty,
                    report?.Mode.ToString(),
                    report?.InForce ?? [],
                    report?.NotInForce ?? [],
                    report?.WorkersAlive ?? 0,
                    report?.WorkersReplaced ?? 0,
                    report?.CoolingDown ?? false));
            })
            .WithName("PersonalApp_Health")
            .WithSummary("The isolation report (what is in force and what is not) and the health it gives.")
            .Produces<HealthView>();
    }

    private static void MapReasoned(
        RouteGroupBuilder admin,
        string pattern,
        string name,
        string summary,
        Func<IPluginApprovals, HttpContext, string, string, Task<PluginVersionInfo>> decide,
        PersonalizationEndpointOptions options)
        => admin.MapPost(pattern, async (HttpContext http, IPluginApprovals approvals) =>
            {
                var (adminId, body, bad) = await ReadAsync<ReasonBody>(http, options).ConfigureAwait(false);
                if (bad is not null)
                {
                    return bad;
                }

                if (string.IsNullOrWhiteSpace(body!.Reason))
                {
                    return Problems.Field("reason", "Say why: the reason is written to the audit log and shown to the owner.");
                }

                return await DecideAsync(() => decide(approvals, http, adminId, body.Reason.Trim()), "reason").ConfigureAwait(false);
            })
            .WithName(name)
            .WithSummary(summary)
            .Accepts<ReasonBody>("application/json")
            .Produces<VersionView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> DecideAsync(Func<Task<PluginVersionInfo>> decide, string argumentField)
    {
        try
        {
            return TypedResults.Ok(Views.Of(await decide().ConfigureAwait(false)));
        }
        catch (PersonalizationException ex)
        {
            return Problems.FromException(ex);
        }
        catch (ArgumentException ex)
        {
            return Problems.Field(argumentField, ex.Message);
        }
    }

    private static async Task<(string AdminId, T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http, PersonalizationEndpointOptions options)
        where T : class
    {
        if (!Caller.TryGetUserId(http, options, out var adminId, out var problem))
        {
            return (string.Empty, null, problem);
        }

        var (body, bad) = await JsonBody.ReadAsync<T>(http.Request).ConfigureAwait(false);
        return (adminId, body, bad);
    }

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    private static string PluginIdOf(HttpContext http) => Convert.ToString(http.Request.RouteValues["pluginId"], System.Globalization.CultureInfo.InvariantCulture)!;

    private static PluginVersionKey KeyOf(HttpContext http)
        => new(PluginIdOf(http), Convert.ToInt32(http.Request.RouteValues["version"], System.Globalization.CultureInfo.InvariantCulture));

    private static bool TryParseAudience(string? text, out PluginAudience audience)
    {
        audience = PluginAudience.Owner;
        switch (text?.Trim())
        {
            case "owner":
                return true;
            case "everyone":
                audience = PluginAudience.Everyone;
                return true;
            case { } group when group.StartsWith("group:", StringComparison.Ordinal) && group.Length > 6 && !string.IsNullOrWhiteSpace(group[6..]):
                audience = PluginAudience.Group(group[6..]);
                return true;
            default:
                return false;
        }
    }
}
