using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.Generation;

namespace PersonalApp.Hosting;

/// <summary>Compiles a tiny class in the background at start-up, so the first user request does not pay Roslyn's first-use cost.</summary>
internal sealed partial class CompilerWarmupService : BackgroundService
{
    private readonly PluginCompiler _compiler;
    private readonly PersonalizationOptions _options;
    private readonly ILogger<CompilerWarmupService> _logger;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompilerWarmupService(PluginCompiler compiler, IOptions<PersonalizationOptions> options, ILogger<CompilerWarmupService> logger)
    {
        _compiler = compiler;
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
            await Task.Run(() => _compiler.WarmUp(stoppingToken), stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Roslyn warmed up in {Milliseconds:F0} ms")]
    private partial void LogWarmedUp(double milliseconds);
}
