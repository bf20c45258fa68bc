using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Generation;

/// <summary>
/// The generation pipeline, orchestrated: validate → reuse (offer an approved plugin that already answers the wish) →
/// budget → prompt → model → <see cref="CandidateEvaluator"/> (extract → compile → verify) → <see cref="RepairPolicy"/>
/// (ask again, bounded, within the budget) → store pending approval.
/// Expected failures come back as results with diagnostics; only caller bugs and cancellation throw.
/// </summary>
internal sealed partial class Personalizer : IPersonalizer
{
    private readonly IChatClient? _chat;
    private readonly PersonalizationOptions _options;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly PersonalizationRequestValidator _validator;
    private readonly PromptBuilder _prompts;
    private readonly PluginCompiler _compiler;
    private readonly IPluginCatalog _store;
    private readonly CandidateEvaluator _evaluator;
    private readonly RepairPolicy _repair;
    private readonly ReuseFinder _reuse;
    private readonly TokenBudget _budget;
    private readonly TimeProvider _time;
    private readonly ILogger<Personalizer> _logger;

    public Personalizer(
        IOptions<PersonalizationOptions> options,
        ExtensionPointRegistry extensionPoints,
        PersonalizationRequestValidator validator,
        PromptBuilder prompts,
        PluginCompiler compiler,
        IPluginCatalog store,
        CandidateEvaluator evaluator,
        RepairPolicy repair,
        ReuseFinder reuse,
        TokenBudget budget,
        TimeProvider time,
        ILogger<Personalizer> logger,
        IChatClient? chat = null)
    {
        _chat = chat;
        _options = options.Value;
        _extensionPoints = extensionPoints;
        _validator = validator;
        _prompts = prompts;
        _compiler = compiler;
        _store = store;
        _evaluator = evaluator;
        _repair = repair;
        _reuse = reuse;
        _budget = budget;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<ExtensionPoint> ExtensionPoints => _extensionPoints.All;

    public async Task<PersonalizationResult> RequestAsync(PersonalizationRequest request, IProgress<PersonalizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = PersonalAppTelemetry.ActivitySource.StartActivity("personalapp.request");
        var requestId = Guid.NewGuid().ToString("N");
        activity?.SetTag("personalapp.request.id", requestId);
        var current = new StrongBox<GenerationRun?>();
        try
        {
            return await RequestCoreAsync(request, requestId, current, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CatalogFailure.IsExpected(ex))
        {
            // A locked database or a full disk is an expected failure: the user gets a result, not the store's exception.
            return StoreFailed(ex, requestId, request, current.Value, progress);
        }
    }

    private async Task<PersonalizationResult> RequestCoreAsync(PersonalizationRequest request, string requestId, StrongBox<GenerationRun?> current, IProgress<PersonalizationProgress>? progress, CancellationToken cancellationToken)
    {
        Report(progress, PersonalizationStage.Validating, 0, "Checking the request");
        var rejected = Validate(request, requestId, out var extensionPoint);
        if (rejected is not null)
        {
            Report(progress, PersonalizationStage.Failed, 0, rejected.Diagnostics[0].Message);
            Count("rejected");
            LogRejected(requestId, rejected.Diagnostics[0].ToString());
            return rejected;
        }

        var chat = _chat ?? throw NoChatClient();
        if (request.PluginId is null && request.ReuseExisting && _options.ReuseApprovedPlugins)
        {
            if (await _reuse.FindAsync(extensionPoint!, request.UserId, request.Wish, cancellationToken).ConfigureAwait(false) is { } match)
            {
                return Offer(requestId, request, extensionPoint!, match, progress);
            }
        }

        var previous = request.PluginId is null ? null : _store.GetLatest(request.PluginId);
        var pluginId = request.PluginId ?? NewPluginId(extensionPoint!);
        var run = current.Value = new GenerationRun(requestId, pluginId, request, extensionPoint!, previous?.Source);
        _store.InsertRequest(requestId, request.UserId, request.Wish, extensionPoint!.Name, pluginId);

        // The deadline runs on the host's TimeProvider, and a model call waits for it even when the client ignores its token.
        using var deadline = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var tokens = _budget.Open(request.UserId);
        try
        {
            var result = await GenerateAsync(chat, run, tokens, progress, linked.Token).ConfigureAwait(false);
            Count(result.IsPendingApproval ? "pending" : "failed");
            return result;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Count("timeout");
            return Fail(run, progress, PersonalizationDiagnostic.Error(
                DiagnosticIds.RequestTimedOut,
                $"The request took longer than PersonalizationOptions.RequestTimeout ({_options.RequestTimeout}) and was stopped{(run.RepairRounds > 0 ? $" in repair round {run.RepairRounds}" : string.Empty)}. Try again, use a faster model, or raise the timeout."));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Count("cancelled");
            try
            {
                _store.FailRequest(requestId, request.UserId, pluginId, run.LastSource, [PersonalizationDiagnostic.Error(DiagnosticIds.General, "The request was cancelled by the caller.")], run.RepairRounds, run.InputTokens, run.OutputTokens);
            }
            catch (Exception ex) when (CatalogFailure.IsExpected(ex))
            {
                LogStoreFailed(ex, requestId);
            }

            throw;
        }
    }

    private async Task<PersonalizationResult> GenerateAsync(IChatClient chat, GenerationRun run, TokenReservation tokens, IProgress<PersonalizationProgress>? progress, CancellationToken cancellationToken)
    {
        var messages = _prompts.Initial(run.ExtensionPoint, _compiler.PolicyFor(run.ExtensionPoint), run.Request.Wish, run.PreviousSource, _options.Capabilities);
        var chatOptions = new ChatOptions { ModelId = _options.ModelId, MaxOutputTokens = _options.MaxOutputTokens };
        var previousScore = int.MaxValue;
        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var estimate = ModelCall.Estimate(messages, _options.MaxOutputTokens);
            if (_budget.Reserve(tokens, estimate) is { } spent)
            {
                Count("budget");
                return Fail(run, progress, round == 0 ? [spent] : [.. run.LastErrors, spent]);
            }

            run.RepairRounds = round;
            Report(progress, round == 0 ? PersonalizationStage.Generating : PersonalizationStage.Repairing, round,
                round == 0 ? "Asking the model for the plugin" : $"Repairing (round {round} of {_options.MaxRepairRounds}): {run.LastErrors.Count} problem(s)");

            ChatResponse response;
            try
            {
                response = await ModelCall.GetResponseAsync(chat, messages, chatOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Not our deadline nor the caller: the client gave up or failed by itself (an HttpClient timeout is an OperationCanceledException).
                _budget.Settle(tokens, estimate, used: 0);
                LogModelFailed(ex, run.RequestId);
                return Fail(run, progress, PersonalizationDiagnostic.Error(DiagnosticIds.ModelCallFailed, ModelCall.DescribeFailure(ex)));
            }

            _budget.Settle(tokens, estimate, (response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0));
            run.Record(response, chat, _options.ModelId);
            var answer = response.Text ?? string.Empty;
            var outcome = await _evaluator.EvaluateAsync(run, answer, round, progress, cancellationToken).ConfigureAwait(false);
            if (outcome.Accepted)
            {
                return Store(run, outcome, round, progress);
            }

            run.RecordProblems(round, outcome.Errors);
            if (_repair.StopAfter(round, outcome, previousScore) is { } stop)
            {
                return Fail(run, progress, stop);
            }

            previousScore = outcome.Score;
            _repair.AskAgain(messages, answer, outcome, run.ExtensionPoint);
        }
    }

    private PersonalizationResult Store(GenerationRun run, CandidateOutcome outcome, int round, IProgress<PersonalizationProgress>? progress)
    {
        var key = _store.InsertVersion(new NewPluginVersion(
            run.PluginId, run.RequestId, run.ExtensionPoint.Name, run.ExtensionPoint.ContractType.FullName!, run.Request.UserId,
            run.Request.Wish, outcome.Source!, outcome.Plugin!, run.ModelId, round, run.InputTokens, run.OutputTokens, run.History)
        {
            ContractFingerprint = _compiler.FingerprintOf(run.ExtensionPoint),
            Verification = outcome.Verification,
        });
        Report(progress, PersonalizationStage.PendingApproval, round, $"Waiting for an admin to approve {key}");
        LogPending(run.RequestId, key.ToString(), round);
        return new PersonalizationResult
        {
            RequestId = run.RequestId,
            Plugin = key,
            ExtensionPoint = run.ExtensionPoint.Name,
            Diagnostics = run.History,
            RepairRounds = round,
            InputTokens = run.InputTokens,
            OutputTokens = run.OutputTokens,
        };
    }

    private PersonalizationResult StoreFailed(Exception exception, string requestId, PersonalizationRequest request, GenerationRun? run, IProgress<PersonalizationProgress>? progress)
    {
        Count("store");
        LogStoreFailed(exception, requestId);
        var diagnostic = PersonalizationDiagnostic.Error(
            DiagnosticIds.StoreUnavailable,
            CatalogFailure.Describe(exception, _store.Location) + " The request did not finish and nothing waits for approval; ask again once the store is writable.");
        try
        {
            // Best effort, so the request is not left running: the store may be failing still.
            _store.FailRequest(requestId, request.UserId, run?.PluginId, run?.LastSource, [diagnostic], run?.RepairRounds ?? 0, run?.InputTokens ?? 0, run?.OutputTokens ?? 0);
        }
        catch (Exception again) when (CatalogFailure.IsExpected(again))
        {
            LogStoreFailed(again, requestId);
        }

        Report(progress, PersonalizationStage.Failed, run?.RepairRounds ?? 0, diagnostic.Message);
        return new PersonalizationResult
        {
            RequestId = requestId,
            ExtensionPoint = run?.ExtensionPoint.Name,
            Diagnostics = [diagnostic],
            RepairRounds = run?.RepairRounds ?? 0,
            InputTokens = run?.InputTokens ?? 0,
            OutputTokens = run?.OutputTokens ?? 0,
        };
    }

    private PersonalizationResult? Validate(PersonalizationRequest request, string requestId, out ExtensionPoint? extensionPoint)
    {
        extensionPoint = null;
        var validation = _validator.Validate(request);
        if (!validation.IsValid)
        {
            return Rejected(requestId, validation.Errors.Select(e => PersonalizationDiagnostic.Error(e.ErrorCode, e.ErrorMessage)).ToList());
        }

        if (_extensionPoints.All.Count == 0)
        {
            return Rejected(requestId, [PersonalizationDiagnostic.Error(DiagnosticIds.NoExtensionPoints, "The host declared no extension points, so there is nothing to write a plugin for. Call AddPersonalization().AddExtensionPoint<TContract>().")]);
        }

        if (request.PluginId is not null && _store.GetLatest(request.PluginId) is { } existing)
        {
            extensionPoint = _extensionPoints.FindByContract(existing.ContractType);
            if (extensionPoint is null)
            {
                return Rejected(requestId, [PersonalizationDiagnostic.Error(DiagnosticIds.ExtensionPointUnknown, $"Plugin '{request.PluginId}' implements {existing.ContractType}, which this host no longer declares. Ask for a new feature instead.")]);
            }

            return null;
        }

        if (request.ExtensionPoint is not null)
        {
            extensionPoint = _extensionPoints.FindByName(request.ExtensionPoint);
            return null;
        }

        var choices = ExtensionPointSelector.Choose(_extensionPoints.All, request.Wish);
        if (choices.Count == 1)
        {
            extensionPoint = choices[0];
            return null;
        }

        return Rejected(requestId, [PersonalizationDiagnostic.Error(
            DiagnosticIds.ExtensionPointAmbiguous,
            $"The wish could be for any of: {string.Join(", ", choices.Select(c => $"{c.Name} ({c.Description})"))}. Say which, or set PersonalizationRequest.ExtensionPoint.")]);
    }

    private PersonalizationResult Offer(string requestId, PersonalizationRequest request, ExtensionPoint extensionPoint, ReuseMatch match, IProgress<PersonalizationProgress>? progress)
    {
        var version = match.Version;
        var saved = version.InputTokens + version.OutputTokens;
        _store.InsertReusedRequest(requestId, request.UserId, request.Wish, extensionPoint.Name, version.Key, saved, match.How);
        PersonalAppTelemetry.TokensSaved.Add(saved);
        Count("reused");
        // Another user's plugin that is not shared with this user is offered without its owner, id or wish: only an admin sees those.
        var message = match.Available
            ? $"An approved feature already does this ({match.How}): {version.Key}, written for \"{version.Wish}\". {(string.Equals(version.Owner, request.UserId, StringComparison.Ordinal) ? "It is already one of your features." : "It is already shared with you.")} No model call was made (about {saved:N0} tokens saved). Ask again with ReuseExisting = false to have a new one written anyway."
            : $"An approved feature already does this ({match.How}), but it is not shared with you: an admin can share it with you (IPluginApprovals.PromoteAsync). No model call was made (about {saved:N0} tokens saved). Ask again with ReuseExisting = false to have your own written anyway.";
        Report(progress, PersonalizationStage.ExistingPluginOffered, 0, message);
        LogReused(requestId, version.Key.ToString(), match.How);
        return new PersonalizationResult
        {
            RequestId = requestId,
            ExtensionPoint = extensionPoint.Name,
            ReusedPlugin = version.Key,
            TokensSaved = saved,
            Diagnostics = [new PersonalizationDiagnostic(DiagnosticIds.ExistingPluginOffered, PersonalizationSeverity.Info, message)],
        };
    }

    private static PersonalizationResult Rejected(string requestId, IReadOnlyList<PersonalizationDiagnostic> diagnostics)
        => new() { RequestId = requestId, Diagnostics = diagnostics };

    private PersonalizationResult Fail(GenerationRun run, IProgress<PersonalizationProgress>? progress, params IReadOnlyList<PersonalizationDiagnostic> diagnostics)
    {
        _store.FailRequest(run.RequestId, run.Request.UserId, run.PluginId, run.LastSource, diagnostics, run.RepairRounds, run.InputTokens, run.OutputTokens);
        Report(progress, PersonalizationStage.Failed, run.RepairRounds, diagnostics[^1].Message);
        LogFailed(run.RequestId, diagnostics[^1].ToString());
        return new PersonalizationResult
        {
            RequestId = run.RequestId,
            ExtensionPoint = run.ExtensionPoint.Name,
            Diagnostics = diagnostics,
            RepairRounds = run.RepairRounds,
            InputTokens = run.InputTokens,
            OutputTokens = run.OutputTokens,
        };
    }

    internal static PersonalizationException NoChatClient() => new(
        DiagnosticIds.NoChatClient,
        "PersonalApp needs an IChatClient in the service collection to write plugins. Register one with services.AddChatClient(...) (any Microsoft.Extensions.AI provider: OpenAI, Azure OpenAI, Ollama...), or PersonalApp.Testing's ScriptedChatClient in tests.");

    private static string NewPluginId(ExtensionPoint extensionPoint)
        => $"{new string(extensionPoint.Name.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..10]}";

    private static void Report(IProgress<PersonalizationProgress>? progress, PersonalizationStage stage, int round, string message)
        => progress?.Report(new PersonalizationProgress(stage, round, message));

    private static void Count(string outcome) => PersonalAppTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Request {RequestId} rejected: {Reason}")]
    private partial void LogRejected(string requestId, string reason);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Request {RequestId}: the model call failed")]
    private partial void LogModelFailed(Exception exception, string requestId);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Request {RequestId} failed: {Reason}")]
    private partial void LogFailed(string requestId, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Request {RequestId} was answered by the approved plugin {Key} ({How}); no model call")]
    private partial void LogReused(string requestId, string key, string how);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Request {RequestId}: the catalog failed")]
    private partial void LogStoreFailed(Exception exception, string requestId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Request {RequestId} produced {Key} after {Rounds} repair round(s); waiting for approval")]
    private partial void LogPending(string requestId, string key, int rounds);
}
