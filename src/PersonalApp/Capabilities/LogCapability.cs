using System.Text;
using Microsoft.Extensions.Logging;
using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Capabilities;

/// <summary>
/// <see cref="IPluginLog"/> over the host's logger (category <c>PersonalApp.Plugins</c>), tagged with the plugin and the
/// user. Messages are cut to 1,000 characters with control characters replaced (no forged log lines); past the plugin's
/// rate they are dropped and counted as refused, never thrown.
/// </summary>
internal sealed partial class LogCapability : CapabilityBase, IPluginLog
{
    public const int MaxMessageLength = 1_000;

    private readonly ILogger _logger;
    private readonly LogRateLimiter _rate;

    public LogCapability(PluginVersionKey plugin, string userId, ILogger logger, LogRateLimiter rate, CapabilityUsageRecorder usage)
        : base(CapabilityNames.Log, plugin, userId, usage)
    {
        _logger = logger;
        _rate = rate;
    }

    public void Information(string message)
    {
        if (Admit())
        {
            LogInformation(Plugin.ToString(), UserId, Clean(message));
        }
    }

    public void Warning(string message)
    {
        if (Admit())
        {
            LogWarning(Plugin.ToString(), UserId, Clean(message));
        }
    }

    protected override bool IsHeldBy(PluginContext context) => ReferenceEquals(context.Log, this);

    internal static string Clean(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        var text = new StringBuilder(Math.Min(message.Length, MaxMessageLength + 1));
        foreach (var c in message.AsSpan(0, Math.Min(message.Length, MaxMessageLength)))
        {
            text.Append(char.IsControl(c) ? ' ' : c);
        }

        if (message.Length > MaxMessageLength)
        {
            text.Append('…');
        }

        return text.ToString();
    }

    private bool Admit()
    {
        EnsureInCall();
        if (_rate.TryAcquire(Plugin.PluginId))
        {
            Used();
            return true;
        }

        Usage.Refused(Plugin, Name);
        return false;
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Plugin {Plugin} ({User}): {Message}")]
    private partial void LogInformation(string plugin, string user, string message);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Plugin {Plugin} ({User}): {Message}")]
    private partial void LogWarning(string plugin, string user, string message);
}
