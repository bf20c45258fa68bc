using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Capabilities;

/// <summary>
/// Serves the capability calls that isolated plugins make in their worker. Each call into a worker gets a
/// <see cref="CallTicket"/>; every forwarded call must carry its token, arrive on that worker's connection and name that
/// plugin, within the call's deadline and within a per-call cap on forwarded calls and bytes. It then runs on the host's
/// own capability objects for the call's user (<see cref="PluginContextFactory"/>), which check grants, quotas and rates
/// and count every use and refusal, exactly as for an in-process plugin. Nothing the worker says about users, grants or
/// quotas is trusted; the worker never sees the store or its path.
/// </summary>
internal sealed partial class CapabilityBroker
{
    private readonly ConcurrentDictionary<string, CallTicket> _live = new(StringComparer.Ordinal);
    private readonly CapabilityUsageRecorder _usage;
    private readonly TimeProvider _time;
    private readonly ILogger<CapabilityBroker> _logger;
    private readonly int _maxCalls;
    private readonly long _maxBytes;
    private long _refused;

    public CapabilityBroker(CapabilityUsageRecorder usage, TimeProvider time, IOptions<PersonalizationOptions> options, ILogger<CapabilityBroker> logger)
    {
        _usage = usage;
        _time = time;
        _logger = logger;
        _maxCalls = options.Value.Capabilities.ForwardedCallsPerCall;
        _maxBytes = options.Value.Capabilities.ForwardedBytesPerCall;
    }

    /// <summary>Gets how many forwarded calls were refused since start-up (forged or stale tokens, caps, grants, quotas).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Gets how many calls are in progress with a live token. For tests.</summary>
    internal int LiveTickets => _live.Count;

    /// <summary>Issues the token of one call about to be sent to the worker on <paramref name="connection"/>.</summary>
    public CallTicket Open(object connection, PluginContext context, PluginVersionKey plugin, TimeSpan deadline)
    {
        var ticket = new CallTicket(this, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), connection, context, plugin, _time.GetTimestamp() + (long)(deadline.TotalSeconds * _time.TimestampFrequency));

        // The host's capabilities serving this call never wait on the store past its deadline.
        context.SetTimeLimit(deadline);
        _live[ticket.Token] = ticket;
        return ticket;
    }

    public void Close(CallTicket ticket) => _live.TryRemove(new KeyValuePair<string, CallTicket>(ticket.Token, ticket));

    /// <summary>
    /// Answers one forwarded call, on the thread that waits for the plugin call's result (the capability interfaces are
    /// synchronous, and the plugin's worker waits for this answer). Never throws at the worker: a refusal is an answer,
    /// and it is counted.
    /// </summary>
    public CapabilityResponse Handle(object connection, CapabilityRequest request)
    {
        if (request is null || request.Token is null || !_live.TryGetValue(request.Token, out var ticket) || !ReferenceEquals(ticket.Connection, connection)
            || !string.Equals(ticket.Plugin.ToString(), request.PluginKey, StringComparison.Ordinal))
        {
            // Forged, replayed after its call ended, or another call's: the claimed plugin is not trusted, so the refusal is counted here.
            Interlocked.Increment(ref _refused);
            PersonalAppTelemetry.CapabilityUses.Add(1, new KeyValuePair<string, object?>("capability", "token"), new KeyValuePair<string, object?>("refused", true));
            LogForged(request?.PluginKey ?? "(none)");
            return CapabilityResponse.Refused("The capability call carried no valid token: a token is valid only during the call it was issued for, on its worker, for its plugin.");
        }

        var name = CapabilityOf(request.Operation);
        if (name is null)
        {
            return Refuse(ticket, CapabilityNames.Storage, $"'{request.Operation}' is not a capability operation.");
        }

        if (_time.GetTimestamp() > ticket.Deadline)
        {
            return Refuse(ticket, name, "The call's deadline has passed; its capability calls are no longer answered.");
        }

        var (calls, bytes) = ticket.Count((request.Key?.Length ?? 0) + (request.Text?.Length ?? 0));
        if (calls > _maxCalls)
        {
            return Refuse(ticket, name, $"The call made more than {_maxCalls:N0} capability calls (Capabilities.ForwardedCallsPerCall); the rest are refused.");
        }

        if (bytes > _maxBytes)
        {
            return Refuse(ticket, name, $"The call's capability calls carried more than {_maxBytes:N0} characters (Capabilities.ForwardedBytesPerCall); the rest are refused.");
        }

        if (!ticket.Context.IsGranted(name))
        {
            return Refuse(ticket, name, $"Plugin {ticket.Plugin} was not granted the '{name}' capability, so it is not available. An admin grants it at approval.");
        }

        try
        {
            var answer = Run(ticket, request, TimeSpan.FromSeconds(Math.Max(0, ticket.Deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency));
            var sent = (answer.Text?.Length ?? 0) + (answer.Keys?.Sum(k => k.Length) ?? 0);
            return ticket.CountBytes(sent) > _maxBytes
                ? Refuse(ticket, name, $"The answer would take the call's capability traffic past {_maxBytes:N0} characters (Capabilities.ForwardedBytesPerCall).")
                : answer;
        }
        catch (PluginCapabilityException ex)
        {
            // The host's capability refused (quota, rate, host list) and counted it already.
            Interlocked.Increment(ref _refused);
            return CapabilityResponse.Refused(ex.Message);
        }
    }

    private static string? CapabilityOf(CapabilityOperation operation) => operation switch
    {
        CapabilityOperation.StorageGet or CapabilityOperation.StorageSet or CapabilityOperation.StorageRemove or CapabilityOperation.StorageIncrement or CapabilityOperation.StorageKeys => CapabilityNames.Storage,
        CapabilityOperation.ClockNow => CapabilityNames.Clock,
        CapabilityOperation.LogInformation or CapabilityOperation.LogWarning => CapabilityNames.Log,
        CapabilityOperation.HttpGet => CapabilityNames.Http,
        _ => null,
    };

    /// <summary>Runs a capability on this thread with the call's context current, as the in-process invoker does.</summary>
    private static CapabilityResponse Run(CallTicket ticket, CapabilityRequest request, TimeSpan callLeft)
    {
        var context = ticket.Context;
        var previous = PluginContext.Enter(context);
        try
        {
            switch (request.Operation)
            {
                case CapabilityOperation.StorageGet:
                    return new CapabilityResponse(null, Text: context.Storage!.Get(request.Key!));
                case CapabilityOperation.StorageSet:
                    context.Storage!.Set(request.Key!, request.Text!);
                    return new CapabilityResponse(null);
                case CapabilityOperation.StorageRemove:
                    return new CapabilityResponse(null, Number: context.Storage!.Remove(request.Key!) ? 1 : 0);
                case CapabilityOperation.StorageIncrement:
                    return new CapabilityResponse(null, Number: context.Storage!.Increment(request.Key!, request.Number));
                case CapabilityOperation.StorageKeys:
                    return new CapabilityResponse(null, Keys: context.Storage!.Keys(request.Text ?? string.Empty));
                case CapabilityOperation.ClockNow:
                    return new CapabilityResponse(null, UtcNow: context.Clock!.UtcNow, LocalNow: context.Clock.LocalNow);
                case CapabilityOperation.HttpGet:
                    return new CapabilityResponse(null, Text: ((HttpCapability)context.Http!).GetString(request.Text ?? string.Empty, callLeft));
                case CapabilityOperation.LogInformation:
                    context.Log!.Information(request.Text ?? string.Empty);
                    return new CapabilityResponse(null);
                default:
                    context.Log!.Warning(request.Text ?? string.Empty);
                    return new CapabilityResponse(null);
            }
        }
        finally
        {
            PluginContext.Exit(previous);
        }
    }

    private CapabilityResponse Refuse(CallTicket ticket, string capability, string why)
    {
        Interlocked.Increment(ref _refused);
        _usage.Refused(ticket.Plugin, capability);
        return CapabilityResponse.Refused(why);
    }

    [LoggerMessage(EventId = 911, Level = LogLevel.Warning, Message = "A forwarded capability call claiming plugin {Plugin} carried no valid token and was refused")]
    private partial void LogForged(string plugin);
}
