using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalApp.Catalog;

namespace PersonalApp.PostgreSql;

/// <summary>
/// Hears the shared catalog's changes: LISTEN on a dedicated connection, waiting with Npgsql's WaitAsync. After each
/// (re)connection it yields "look at everything", because notices sent while it was away are lost; a lost connection is
/// reopened with a doubling delay. A silent connection is checked with a round trip now and then, so a dead one is noticed.
/// </summary>
internal sealed partial class PostgresCatalogChangeFeed : ICatalogChangeFeed
{
    private readonly PostgresCatalogDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresCatalogChangeFeed> _logger;

    public PostgresCatalogChangeFeed(PostgresCatalogDatabase db, TimeProvider time, ILogger<PostgresCatalogChangeFeed> logger)
    {
        _db = db;
        _time = time;
        _logger = logger;
    }

    /// <summary>The application name of the listening connection, so an operator (or a test) can find it in pg_stat_activity.</summary>
    public static string ApplicationName => $"personalapp-listen-{Environment.ProcessId}";

    public async IAsyncEnumerable<CatalogNotice> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var notices = Channel.CreateUnbounded<CatalogNotice>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = ListenAsync(notices.Writer, stop.Token);
        try
        {
            await foreach (var notice in notices.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return notice;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await listening.ConfigureAwait(false);
        }
    }

    private async Task ListenAsync(ChannelWriter<CatalogNotice> notices, CancellationToken cancellationToken)
    {
        var minDelay = TimeSpan.FromMilliseconds(100);
        var delay = minDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _db.OpenUncheckedAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, e) =>
                    {
                        LogNotified(e.Payload);
                        notices.TryWrite(e.Payload.Length == 0 ? CatalogNotice.Everything : new CatalogNotice(e.Payload));
                    };
                    await using (var command = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN \"{_db.Channel}\"", connection))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Listening from here on: whatever changed before is found by looking at everything once.
                    LogListening(_db.Channel);
                    notices.TryWrite(CatalogNotice.Everything);
                    delay = minDelay;
                    while (true)
                    {
                        if (!await connection.WaitAsync(_db.Options.KeepAliveInterval, cancellationToken).ConfigureAwait(false))
                        {
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException or OperationCanceledException)
            {
                LogLost(ex.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _db.Options.MaxReconnectDelay.Ticks));
            }
        }

        notices.TryComplete();
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Listening for catalog changes on channel {Channel}")]
    private partial void LogListening(string channel);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Notified of a change to '{Payload}'")]
    private partial void LogNotified(string payload);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The catalog's listening connection was lost ({Reason}); reconnecting in {DelayMs} ms")]
    private partial void LogLost(string reason, double delayMs);
}
