namespace PersonalApp.Capabilities;

/// <summary>
/// What the capabilities a plugin can be granted may do: storage quotas, the log's rate, and which hosts HTTP may reach
/// (none by default, so HTTP is not offered until a host lists some). Validated at start-up.
/// </summary>
public sealed class CapabilityOptions
{
    /// <summary>Gets or sets the largest value one storage key may hold, in UTF-8 bytes. 1 KB to 1 MB; default 64 KB.</summary>
    public int StorageMaxValueBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how many bytes (keys and values, UTF-8) one plugin may keep for one user. 4 KB to 256 MB; default 1 MB.</summary>
    public long StorageMaxBytesPerUser { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how many keys one plugin may keep for one user. 1 to 100,000; default 1,000.</summary>
    public int StorageMaxKeysPerUser { get; set; } = 1_000;

    /// <summary>Gets or sets how many log messages one plugin may write per minute; later ones are dropped and counted. 1 to 10,000; default 60.</summary>
    public int LogMaxMessagesPerMinute { get; set; } = 60;

    /// <summary>
    /// Gets the hosts plugins granted <see cref="CapabilityNames.Http"/> may GET from, as <c>host</c> (any port) or
    /// <c>host:port</c>, for example <c>api.example.com</c>. Empty (the default) means HTTP is not offered at all.
    /// </summary>
    public IList<string> HttpAllowedHosts { get; } = [];

    /// <summary>
    /// Gets or sets the longest one GET may take. 100 ms to 30 seconds; default 2 seconds. A GET never outlasts the plugin
    /// call's own time limit (<c>SandboxLimits.Timeout</c>), so raise that too for extension points whose plugins use HTTP.
    /// </summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest response body accepted, in bytes. 1 KB to 16 MB; default 256 KB.</summary>
    public int HttpMaxResponseBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Gets or sets what creates the <see cref="HttpClient"/> used for plugins' GETs, or <see langword="null"/> (the default)
    /// for PersonalApp's own, which follows no redirects. Called once, on the first GET; PersonalApp does not dispose the
    /// client it returns. A client you supply must not follow redirects either; a response that ended up on another host
    /// is refused anyway.
    /// </summary>
    public Func<HttpClient>? HttpClientFactory { get; set; }

    /// <summary>
    /// Gets or sets how many capability calls one call into an isolated plugin may forward to the host; later ones are
    /// refused and counted, so a plugin cannot flood the host from its worker. 1 to 100,000; default 1,000.
    /// </summary>
    public int ForwardedCallsPerCall { get; set; } = 1_000;

    /// <summary>
    /// Gets or sets how many characters (keys, values, messages, URLs and answers together) the capability calls of one
    /// call into an isolated plugin may carry. 1,024 to 16 M; default 256 K.
    /// </summary>
    public long ForwardedBytesPerCall { get; set; } = 256 * 1024;

    /// <summary>Gets or sets how often the counts of capability use are written to the store. 1 second to 1 hour; default 1 minute.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The capabilities this host offers: storage, clock and log always; HTTP when some host is allowed.</summary>
    internal IReadOnlySet<string> Offered
        => new HashSet<string>(CapabilityNames.All.Where(c => c != CapabilityNames.Http || HttpAllowedHosts.Count > 0), StringComparer.Ordinal);

    /// <summary>The problems with these values, each naming the option; empty when all are in range.</summary>
    internal IEnumerable<string> Problems(string owner)
    {
        if (ForwardedCallsPerCall is < 1 or > 100_000)
        {
            yield return $"{owner}.ForwardedCallsPerCall is {ForwardedCallsPerCall:N0}: use 1 to 100,000.";
        }

        if (ForwardedBytesPerCall is < 1024 or > 16L * 1024 * 1024)
        {
            yield return $"{owner}.ForwardedBytesPerCall is {ForwardedBytesPerCall:N0}: use 1,024 to 16,777,216.";
        }

        if (StorageMaxValueBytes is < 1024 or > 1024 * 1024)
        {
            yield return $"{owner}.StorageMaxValueBytes is {StorageMaxValueBytes:N0}: use 1,024 to 1,048,576.";
        }

        if (StorageMaxBytesPerUser is < 4096 or > 256L * 1024 * 1024)
        {
            yield return $"{owner}.StorageMaxBytesPerUser is {StorageMaxBytesPerUser:N0}: use 4,096 to 268,435,456.";
        }

        if (StorageMaxKeysPerUser is < 1 or > 100_000)
        {
            yield return $"{owner}.StorageMaxKeysPerUser is {StorageMaxKeysPerUser:N0}: use 1 to 100,000.";
        }

        if (LogMaxMessagesPerMinute is < 1 or > 10_000)
        {
            yield return $"{owner}.LogMaxMessagesPerMinute is {LogMaxMessagesPerMinute:N0}: use 1 to 10,000.";
        }

        if (HttpTimeout < TimeSpan.FromMilliseconds(100) || HttpTimeout > TimeSpan.FromSeconds(30))
        {
            yield return $"{owner}.HttpTimeout is {HttpTimeout}: use 100 ms to 30 seconds.";
        }

        if (HttpMaxResponseBytes is < 1024 or > 16 * 1024 * 1024)
        {
            yield return $"{owner}.HttpMaxResponseBytes is {HttpMaxResponseBytes:N0}: use 1,024 to 16,777,216.";
        }

        foreach (var host in HttpAllowedHosts)
        {
            if (HttpHostRule.Parse(host) is null)
            {
                yield return $"{owner}.HttpAllowedHosts has '{host}', which is not a host name or host:port (no scheme, path or wildcard), for example 'api.example.com' or '127.0.0.1:8080'.";
            }
        }

        if (UsageFlushInterval < TimeSpan.FromSeconds(1) || UsageFlushInterval > TimeSpan.FromHours(1))
        {
            yield return $"{owner}.UsageFlushInterval is {UsageFlushInterval}: use 1 second to 1 hour.";
        }
    }
}
