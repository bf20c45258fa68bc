using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// The end user's endpoints: what can be asked, ask (stages streamed as Server-Sent Events), my features, change one,
/// turn one off. A user only ever sees their own: another user's ids answer 404, as if they did not exist.
/// </summary>
internal static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api, PersonalizationEndpointOptions options)
    {
        api.MapGet("/me", async (HttpContext http, IAuthorizationService authorization) =>
            {
                if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
                {
                    return problem;
                }

                var admin = await authorization.AuthorizeAsync(http.User, options.AdminPolicy!).ConfigureAwait(false);
                return TypedResults.Ok(new MeView(userId, options.Title, admin.Succeeded));
            })
            .WithName("PersonalApp_Me")
            .WithSummary("Who the caller is and whether they may open the admin page.")
            .Produces<MeView>();

        api.MapGet("/extension-points", (IPersonalizer personalizer)
                => TypedResults.Ok(personalizer.ExtensionPoints.Select(Views.Of).ToList()))
            .WithName("PersonalApp_ExtensionPoints")
            .WithSummary("What can be asked for: the extension points in plain words, with example wishes.")
            .Produces<List<ExtensionPointView>>();

        api.MapPost("/requests", AskAsync)
            .WithName("PersonalApp_Ask")
            .WithSummary("Asks for a feature (or, with pluginId, the next version of one of yours). The stages arrive as Server-Sent Events named 'stage', then one named 'result'.")
            .Accepts<AskBody>("application/json")
            .Produces<ResultView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/features", async (HttpContext http, IPluginApprovals approvals) =>
            {
                if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
                {
                    return problem;
                }

                var all = await approvals.ListAsync(null, http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Ok(Views.Features(all.Where(v => IsOwner(v, userId))));
            })
            .WithName("PersonalApp_MyFeatures")
            .WithSummary("My features, each with its versions and their status.")
            .Produces<List<FeatureView>>();

        api.MapGet("/features/{pluginId}", async (string pluginId, HttpContext http, IPluginApprovals approvals) =>
            {
                if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
                {
                    return problem;
                }

                var mine = await OwnVersionsAsync(approvals, pluginId, userId, http.RequestAborted).ConfigureAwait(false);
                return mine.Count == 0 ? Problems.NotFound($"feature '{pluginId}'") : TypedResults.Ok(Views.Features(mine)[0]);
            })
            .WithName("PersonalApp_MyFeature")
            .WithSummary("One of my features with its versions.")
            .Produces<FeatureView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/features/{pluginId}/versions/{version:int}/packet", async (string pluginId, int version, HttpContext http, IPluginApprovals approvals, IPersonalizer personalizer) =>
            {
                if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
                {
                    return problem;
                }

                var packet = await approvals.GetPacketAsync(new PluginVersionKey(pluginId, version), http.RequestAborted).ConfigureAwait(false);
                return packet is null || !string.Equals(packet.Version.Owner, userId, StringComparison.Ordinal)
                    ? Problems.NotFound($"version {version} of feature '{pluginId}'")
                    : TypedResults.Ok(Views.Of(packet, personalizer.ExtensionPoints));
            })
            .WithName("PersonalApp_MyPacket")
            .WithSummary("The approval packet of one of my versions: what the admin reads.")
            .Produces<PacketView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/features/{pluginId}/turn-off", async (string pluginId, HttpContext http, IPluginApprovals approvals) =>
            {
                if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
                {
                    return problem;
                }

                var (body, bad) = await JsonBody.ReadAsync<ReasonBody>(http.Request).ConfigureAwait(false);
                if (bad is not null)
                {
                    return bad;
                }

                var mine = await OwnVersionsAsync(approvals, pluginId, userId, http.RequestAborted).ConfigureAwait(false);
                if (mine.Count == 0)
                {
                    return Problems.NotFound($"feature '{pluginId}'");
                }

                try
                {
                    var reason = string.IsNullOrWhiteSpace(body!.Reason) ? "turned off by its owner" : body.Reason.Trim();
                    var revoked = await approvals.RevokeAsync(pluginId, userId, reason, http.RequestAborted).ConfigureAwait(false);
                    return TypedResults.Ok(Views.Of(revoked));
                }
                catch (PersonalizationException ex)
                {
                    return Problems.FromException(ex);
                }
            })
            .WithName("PersonalApp_TurnOff")
            .WithSummary("Turns one of my features off (its live version is revoked; an admin can roll it back).")
            .Accepts<ReasonBody>("application/json")
            .Produces<VersionView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        async Task<IResult> AskAsync(HttpContext http, IPersonalizer personalizer, IPluginApprovals approvals)
        {
            if (!Caller.TryGetUserId(http, options, out var userId, out var problem))
            {
                return problem;
            }

            var (body, bad) = await JsonBody.ReadAsync<AskBody>(http.Request).ConfigureAwait(false);
            if (bad is not null)
            {
                return bad;
            }

            if (body!.PluginId is { Length: > 0 } changeOf
                && (await OwnVersionsAsync(approvals, changeOf, userId, http.RequestAborted).ConfigureAwait(false)).Count == 0)
            {
                return Problems.NotFound($"feature '{changeOf}'");
            }

            var request = new PersonalizationRequest(userId, body.Wish ?? string.Empty)
            {
                ExtensionPoint = string.IsNullOrWhiteSpace(body.ExtensionPoint) ? null : body.ExtensionPoint,
                PluginId = string.IsNullOrWhiteSpace(body.PluginId) ? null : body.PluginId,
                ReuseExisting = body.ReuseExisting ?? true,
            };

            var progress = new ChannelProgress();
            var cancellation = http.RequestAborted;
            var run = Task.Run(() => personalizer.RequestAsync(request, progress, cancellation), cancellation);
            await Task.WhenAny(run, progress.Working).ConfigureAwait(false);
            if (run.IsCompletedSuccessfully && !progress.Working.IsCompleted && Problems.FromRefusedRequest(run.Result) is { } refused)
            {
                return refused;
            }

            return TypedResults.ServerSentEvents(StreamAsync(progress, run, personalizer, cancellation));
        }
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(
        ChannelProgress progress,
        Task<PersonalizationResult> run,
        IPersonalizer personalizer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = run.ContinueWith(_ => progress.Events.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var item in progress.Events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }

        var result = await run.ConfigureAwait(false);
        yield return new SseItem<object>(Views.Of(result, personalizer.ExtensionPoints), "result");
    }

    private static bool IsOwner(PluginVersionInfo version, string userId) => string.Equals(version.Owner, userId, StringComparison.Ordinal);

    private static async Task<IReadOnlyList<PluginVersionInfo>> OwnVersionsAsync(IPluginApprovals approvals, string pluginId, string userId, CancellationToken cancellationToken)
    {
        var all = await approvals.ListAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(v => string.Equals(v.Key.PluginId, pluginId, StringComparison.Ordinal) && IsOwner(v, userId))];
    }
}
