using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;

namespace PersonalApp.Capabilities;

/// <summary>
/// Makes the <see cref="PluginContext"/> of one call: the user, and one fresh object for each capability the admin
/// granted to the plugin version (the others stay null). Fresh per call, so a capability kept in a field is refused in
/// any later call.
/// </summary>
internal sealed class PluginContextFactory : IDisposable
{
    private readonly IPluginDataStore _data;
    private readonly CapabilityUsageRecorder _usage;
    private readonly TimeProvider _time;
    private readonly ILogger _pluginLogger;
    private readonly CapabilityOptions _options;
    private readonly StorageQuota _quota;
    private readonly LogRateLimiter _logRate;
    private readonly IReadOnlyList<HttpHostRule> _hosts;
    private readonly Lazy<HttpClient> _client;
    private readonly bool _ownsClient;

    public PluginContextFactory(IPluginDataStore data, CapabilityUsageRecorder usage, TimeProvider time, ILoggerFactory loggers, IOptions<PersonalizationOptions> options)
    {
        _data = data;
        _usage = usage;
        _time = time;
        _pluginLogger = loggers.CreateLogger("PersonalApp.Plugins");
        _options = options.Value.Capabilities;
        _quota = new StorageQuota(_options.StorageMaxValueBytes, _options.StorageMaxBytesPerUser, _options.StorageMaxKeysPerUser);
        _logRate = new LogRateLimiter(time, _options.LogMaxMessagesPerMinute);
        _hosts = [.. _options.HttpAllowedHosts.Select(HttpHostRule.Parse).OfType<HttpHostRule>()];
        _ownsClient = _options.HttpClientFactory is null;
        var factory = _options.HttpClientFactory;
        _client = new Lazy<HttpClient>(() => factory?.Invoke() ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public CapabilityUsageRecorder Usage => _usage;

    /// <summary>
    /// The context for one call of the plugin version <paramref name="key"/> on behalf of <paramref name="userId"/>, with
    /// only the capabilities <paramref name="granted"/>; its capabilities never wait on the host past <paramref name="callLimit"/>
    /// from now (none when omitted: the isolated path sets the deadline when it sends the call).
    /// </summary>
    public PluginContext Create(PluginVersionKey key, IReadOnlySet<string> granted, string userId, TimeSpan? callLimit = null)
    {
        var context = new PluginContext(
            key.PluginId,
            key.Version,
            userId,
            granted.Contains(CapabilityNames.Storage) ? new StorageCapability(key, userId, _data, _quota, _usage) : null,
            granted.Contains(CapabilityNames.Clock) ? new ClockCapability(key, userId, _time, _usage) : null,
            granted.Contains(CapabilityNames.Log) ? new LogCapability(key, userId, _pluginLogger, _logRate, _usage) : null,
            granted.Contains(CapabilityNames.Http) && _hosts.Count > 0 ? new HttpCapability(key, userId, _client.Value, _hosts, _options.HttpTimeout, _options.HttpMaxResponseBytes, _usage) : null,
            capability => _usage.Refused(key, capability));
        if (callLimit is { } limit)
        {
            context.SetTimeLimit(limit);
        }

        return context;
    }

    public void Dispose()
    {
        if (_ownsClient && _client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
