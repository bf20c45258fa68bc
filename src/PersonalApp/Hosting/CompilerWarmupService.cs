using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;

namespace PersonalApp.Hosting;

/// <summary>
/// Warms the generation path in the background at start-up, so the first user request does not pay its first-use costs
/// (JIT and loading, about a second): a tiny compile, then for each extension point its worked example through the
/// request validator, the extractor and the whole <see cref="PluginCompiler"/> (constructs check, compile, symbol policy,
/// guard injection, emit with PDB, IL scan) against the host's real contract references.
/// </summary>
internal sealed partial class CompilerWarmupService : BackgroundService
{
    private readonly PluginCompiler _compiler;
    private readonly ExtensionPointRegistry _extensionPoints;
    private readonly CodeExtractor _extractor;
    private readonly PersonalizationRequestValidator _validator;
    private readonly PersonalizationOptions _options;
    private readonly ILogger<CompilerWarmupService> _logger;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompilerWarmupService(
        PluginCompiler compiler,
        ExtensionPointRegistry extensionPoints,
        CodeExtractor extractor,
        PersonalizationRequestValidator validator,
        IOptions<PersonalizationOptions> options,
        ILogger<CompilerWarmupService> logger)
    {
        _compiler = compiler;
        _extensionPoints = extensionPoints;
        _extractor = extractor;
        _validator = validator;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Completes when the warm-up has run (or was skipped).</summary>
    public Task Completed => _completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.WarmUpCompiler)
        {
            _completed.TrySetResult();
            return;
        }

        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.Run(() => WarmUp(stoppingToken), stoppingToken).ConfigureAwait(false);
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

    private void WarmUp(CancellationToken cancellationToken)
    {
        _compiler.WarmUp(cancellationToken);
        foreach (var extensionPoint in _extensionPoints.All)
        {
            if (extensionPoint.Examples.Count == 0)
            {
                continue;
            }

            var example = extensionPoint.Examples[0];
            _ = _validator.Validate(new PersonalizationRequest("warm-up", example.Wish));
            var extracted = _extractor.Extract("```csharp\n" + example.Source + "\n```", extensionPoint, _options.MaxAnswerBytes);
            var result = _compiler.Compile(extracted.Source ?? example.Source, extensionPoint, "PersonalApp.Plugin.warm_up", cancellationToken);
            if (!result.Succeeded)
            {
                // Warming still happened; the host learns its example does not pass before a user does.
                LogExampleFailed(extensionPoint.Name, string.Join("; ", result.Errors.Take(3)));
            }
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The worked example of extension point {ExtensionPoint} does not pass the compiler: {Errors}")]
    private partial void LogExampleFailed(string extensionPoint, string errors);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Roslyn warmed up in {Milliseconds:F0} ms")]
    private partial void LogWarmedUp(double milliseconds);
}
