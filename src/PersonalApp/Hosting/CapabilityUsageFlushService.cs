using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Capabilities;

namespace PersonalApp.Hosting;

/// <summary>Writes the counts of capability use to the store every <see cref="CapabilityOptions.UsageFlushInterval"/>, and once more when the host stops.</summary>
internal sealed partial class CapabilityUsageFlushService : BackgroundService
{
    private readonly CapabilityUsageRecorder _usage;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<CapabilityUsageFlushService> _logger;

    public CapabilityUsageFlushService(CapabilityUsageRecorder usage, IOptions<PersonalizationOptions> options, TimeProvider time, ILogger<CapabilityUsageFlushService> logger)
    {
        _usage = usage;
        _interval = options.Value.Capabilities.UsageFlushInterval;
        _time = time;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping; StopAsync writes what is left.
        }
    }

    private void Flush()
    {
        try
        {
            _usage.Flush();
        }
        catch (Exception ex) when (ex is PersonalizationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The counts were put back; the next flush tries again.
            LogFlushFailed(ex.Message);
        }
    }

    [LoggerMessage(EventId = 910, Level = LogLevel.Warning, Message = "The counts of capability use could not be written yet: {Reason}")]
    private partial void LogFlushFailed(string reason);
}
