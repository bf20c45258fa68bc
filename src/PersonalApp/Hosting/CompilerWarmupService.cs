using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Sqlite;
using PersonalApp.Verification;

namespace PersonalApp.Hosting;

/// <summary>
/// Warms the generation path in the background at start-up, so the first user request does not pay its first-use costs
/// (JIT and loading, about a second): for each extension point, one whole request for its worked example (validation,
/// reuse look-up, token budget, prompt, the example as the model's answer, extraction, the compiler with policy,
/// guards, emit and IL scan, verification, the catalog's writes). It runs against a throw-away catalog in a temporary
/// folder, with a scripted model (<see cref="ExampleChatClient"/>) and no token budget, so the real catalog, its audit
/// log, the host's model and the users' budgets are never touched. Start-up does not wait for it.
/// </summary>
internal sealed partial class CompilerWarmupService : BackgroundService
{
    private readonly PluginCompiler _compiler;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly CodeExtractor _extractor;
    private readonly PersonalizationRequestValidator _validator;
    private readonly PromptBuilder _prompts;
    private readonly PluginVerifier _verifier;
    private readonly IOptions<PersonalizationOptions> _options;
    private readonly ILogger<CompilerWarmupService> _logger;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompilerWarmupService(
        PluginCompiler compiler,
        ExtensionPointRegistry extensionPoints,
        CodeExtractor extractor,
        PersonalizationRequestValidator validator,
        PromptBuilder prompts,
        PluginVerifier verifier,
        IOptions<PersonalizationOptions> options,
        ILogger<CompilerWarmupService> logger)
    {
        _compiler = compiler;
        _extensionPoints = extensionPoints;
        _extractor = extractor;
        _validator = validator;
        _prompts = prompts;
        _verifier = verifier;
        _options = options;
        _logger = logger;
    }

    /// <summary>Completes when the warm-up has run (or was skipped).</summary>
    public Task Completed => _completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Value.WarmUpCompiler)
        {
            _completed.TrySetResult();
            return;
        }

        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.Run(() => WarmUpAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
            LogWarmedUp(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            // The host stopped before the warm-up finished; nothing to do.
        }
        finally
        {
            _completed.TrySetResult();
        }
    }

    /// <summary>Stops the warm-up; <see cref="Completed"/> completes even when the host stopped before it began.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _completed.TrySetResult();
        }
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await WarmUpRequestsAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Value.PluginDirectory is { Length: > 0 } && _extensionPoints.All.Count > 0)
        {
            BuildSampleSymbols(_extensionPoints.All[0], cancellationToken);
        }
    }

    private async Task WarmUpRequestsAsync(CancellationToken cancellationToken)
    {
        var examples = _extensionPoints.All.Where(e => e.Examples.Count > 0).ToList();
        if (examples.Count == 0)
        {
            _compiler.WarmUp(cancellationToken);
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "personalapp-warm-up-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var store = new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = Path.Combine(folder, "warm-up.db") }), TimeProvider.System);
        try
        {
            ExtensionPoint? passed = null;
            foreach (var extensionPoint in examples)
            {
                if (await WarmUpAsync(extensionPoint, store, cancellationToken).ConfigureAwait(false))
                {
                    passed ??= extensionPoint;
                }
            }

            if (passed is not null)
            {
                CompileConstructSample(passed, cancellationToken);
            }
        }
        finally
        {
            Discard(store, folder);
        }
    }

    /// <summary>One whole request for the extension point's worked example, as a user's would run, on the throw-away catalog.</summary>
    private async Task<bool> WarmUpAsync(ExtensionPoint extensionPoint, SqlitePluginCatalog store, CancellationToken cancellationToken)
    {
        var example = extensionPoint.Examples[0];
        var evaluator = new CandidateEvaluator(_options, _extractor, _compiler, _verifier);
        var personalizer = new Personalizer(
            _options,
            _extensionPoints,
            _validator,
            _prompts,
            _compiler,
            store,
            evaluator,
            new RepairPolicy(_options, _prompts),
            new ReuseFinder(store, new NoUserGroups(), _options, NullLogger<ReuseFinder>.Instance),
            new TokenBudget(store, TimeProvider.System, Options.Create(new PersonalizationOptions())),
            TimeProvider.System,
            NullLogger<Personalizer>.Instance,
            new ExampleChatClient(example.Source));
        var result = await personalizer.RequestAsync(new PersonalizationRequest("personalapp-warm-up", example.Wish) { ExtensionPoint = extensionPoint.Name }, progress: null, cancellationToken).ConfigureAwait(false);
        if (!result.IsPendingApproval)
        {
            // Warming still happened; the host learns its example does not pass before a user does.
            LogExampleFailed(extensionPoint.Name, string.Join("; ", result.Diagnostics.Take(3)));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Examples use few constructs; the first user's plugin likely uses others, each with Roslyn code of its own to JIT.
    /// Once, after an example that passed (the sample is appended to it, so it implements the contract).
    /// </summary>
    private void CompileConstructSample(ExtensionPoint extensionPoint, CancellationToken cancellationToken)
    {
        var constructs = _compiler.Compile(extensionPoint.Examples[0].Source + WarmUpConstructs.Source, extensionPoint, "PersonalApp.WarmUp.Constructs", cancellationToken);
        if (!constructs.Succeeded)
        {
            LogConstructsFailed(extensionPoint.Name, string.Join("; ", constructs.Errors.Take(3)));
        }
    }

    /// <summary>
    /// With <see cref="PersonalizationOptions.PluginDirectory"/> set, each in-process load builds its version's PDB from
    /// the stored source (<see cref="PluginCompiler.BuildSymbols"/>), Roslyn code the requests above do not run (binding
    /// for a second guard rewrite, the PDB writer). Cold, it cost this node's first load about a second, so the first
    /// approval reaching a node was the slow one. Once, for the construct sample (it compiles against any extension point).
    /// </summary>
    private void BuildSampleSymbols(ExtensionPoint extensionPoint, CancellationToken cancellationToken)
    {
        try
        {
            _compiler.BuildSymbols(WarmUpConstructs.Source, extensionPoint, "PersonalApp.WarmUp.Symbols", cancellationToken);
        }
        catch (ArgumentException ex)
        {
            LogSymbolsFailed(extensionPoint.Name, ex.Message);
        }
    }

    private static void Discard(SqlitePluginCatalog store, string folder)
    {
        try
        {
            using (var connection = store.OpenConnection())
            {
                SqliteConnection.ClearPool(connection);
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or PersonalizationException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The worked example of extension point {ExtensionPoint} does not pass the generation pipeline: {Errors}")]
    private partial void LogExampleFailed(string extensionPoint, string errors);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "The warm-up's construct sample did not compile against extension point {ExtensionPoint} (only the warm-up is shorter): {Errors}")]
    private partial void LogConstructsFailed(string extensionPoint, string errors);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "The warm-up could not build symbols against extension point {ExtensionPoint} (only the warm-up is shorter): {Reason}")]
    private partial void LogSymbolsFailed(string extensionPoint, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "The generation pipeline warmed up in {Milliseconds:F0} ms")]
    private partial void LogWarmedUp(double milliseconds);
}
