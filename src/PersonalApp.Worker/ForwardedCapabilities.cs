using System.Net.Sockets;
using PersonalApp.Capabilities;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Worker;

/// <summary>
/// The capabilities an approved plugin sees in the worker: each call is carried to the host over the call channel of the
/// call in progress, with that call's token, and the host checks it and answers. The worker holds no store, no
/// logger and no network; it cannot name a user, and nothing it claims about quotas or grants is trusted.
/// </summary>
internal sealed class ForwardedCapabilities : IPluginStorage, IPluginClock, IPluginLog, IPluginHttp
{
    private readonly Func<CapabilityRequest, CapabilityResponse> _host;
    private readonly CallGrant _grant;
    private readonly string _pluginKey;

    public ForwardedCapabilities(Func<CapabilityRequest, CapabilityResponse> host, CallGrant grant, string pluginKey)
    {
        _host = host;
        _grant = grant;
        _pluginKey = pluginKey;
    }

    public DateTimeOffset UtcNow => Ask(CapabilityNames.Clock, CapabilityOperation.ClockNow).UtcNow;

    public DateTimeOffset LocalNow => Ask(CapabilityNames.Clock, CapabilityOperation.ClockNow).LocalNow;

    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    /// <summary>The context of one call: the granted capabilities are this object, the others absent.</summary>
    public PluginContext ContextFor(string pluginId, int version, string userId)
    {
        bool Granted(string name) => _grant.Capabilities.Contains(name, StringComparer.Ordinal);
        return new PluginContext(
            pluginId,
            version,
            userId,
            Granted(CapabilityNames.Storage) ? this : null,
            Granted(CapabilityNames.Clock) ? this : null,
            Granted(CapabilityNames.Log) ? this : null,
            Granted(CapabilityNames.Http) ? this : null);
    }

    public string? Get(string key) => Ask(CapabilityNames.Storage, CapabilityOperation.StorageGet, key).Text;

    public void Set(string key, string value) => Ask(CapabilityNames.Storage, CapabilityOperation.StorageSet, key, value);

    public bool Remove(string key) => Ask(CapabilityNames.Storage, CapabilityOperation.StorageRemove, key).Number == 1;

    public long Increment(string key, long delta = 1) => Ask(CapabilityNames.Storage, CapabilityOperation.StorageIncrement, key, number: delta).Number;

    public IReadOnlyList<string> Keys(string prefix = "") => Ask(CapabilityNames.Storage, CapabilityOperation.StorageKeys, text: prefix).Keys ?? [];

    public void Information(string message) => Ask(CapabilityNames.Log, CapabilityOperation.LogInformation, text: message, quiet: true);

    public void Warning(string message) => Ask(CapabilityNames.Log, CapabilityOperation.LogWarning, text: message, quiet: true);

    public string GetString(string url) => Ask(CapabilityNames.Http, CapabilityOperation.HttpGet, text: url).Text ?? string.Empty;

    /// <summary>
    /// Sends one capability call to the host and waits for its answer, on the plugin's own thread (the capability interfaces
    /// are synchronous: a plugin calls <c>storage.Get(key)</c> and gets a value back). The wait counts against the plugin's
    /// deadline, which the host enforces by killing the worker.
    /// </summary>
    private CapabilityResponse Ask(string capability, CapabilityOperation operation, string? key = null, string? text = null, long number = 0, bool quiet = false)
    {
        CapabilityResponse answer;
        try
        {
            answer = _host(new CapabilityRequest(_grant.Token, _pluginKey, operation, key, text, number));
        }
        catch (Exception ex) when (ex is SocketException or InvalidDataException or ObjectDisposedException or System.Text.Json.JsonException)
        {
            answer = CapabilityResponse.Refused("the host did not answer the capability call: " + ex.Message);
        }

        if (answer.Refusal is { } refusal && !quiet)
        {
            // Logging never throws at the plugin, in-process or here.
            throw new PluginCapabilityException(capability, refusal);
        }

        return answer;
    }
}
