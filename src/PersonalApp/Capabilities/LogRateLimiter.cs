using System.Collections.Concurrent;

namespace PersonalApp.Capabilities;

/// <summary>How many log messages each plugin may still write this minute: a fixed window per plugin id, on the host's clock.</summary>
internal sealed class LogRateLimiter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _perMinute;

    public LogRateLimiter(TimeProvider time, int perMinute)
    {
        _time = time;
        _perMinute = perMinute;
    }

    public bool TryAcquire(string pluginId)
    {
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var window = _windows.GetOrAdd(pluginId, _ => new Window());
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Count = 0;
            }

            if (window.Count >= _perMinute)
            {
                return false;
            }

            window.Count++;
            return true;
        }
    }

    private sealed class Window
    {
        public long Minute = long.MinValue;
        public int Count;
    }
}
