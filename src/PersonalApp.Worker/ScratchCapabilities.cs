using System.Collections.Concurrent;
using System.Globalization;
using PersonalApp.Capabilities;

namespace PersonalApp.Worker;

/// <summary>
/// The capabilities a plugin sees in the worker: a store of its own that lives and dies with the worker (checks of a
/// candidate start from an empty one), the machine's clock, a log to the worker's standard error, and no HTTP. The
/// host's data never reaches the worker.
/// </summary>
internal sealed class ScratchCapabilities : IPluginStorage, IPluginClock, IPluginLog
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public DateTimeOffset LocalNow => DateTimeOffset.Now;

    public DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public PluginContext ContextFor(string key) => new(key, 0, "worker", this, this, this, http: null);

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public void Set(string key, string value) => _values[key] = value;

    public bool Remove(string key) => _values.TryRemove(key, out _);

    public long Increment(string key, long delta = 1)
        => long.Parse(
            _values.AddOrUpdate(key, delta.ToString(CultureInfo.InvariantCulture), (_, old) => (long.Parse(old, CultureInfo.InvariantCulture) + delta).ToString(CultureInfo.InvariantCulture)),
            CultureInfo.InvariantCulture);

    public IReadOnlyList<string> Keys(string prefix = "") => _values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public void Information(string message) => Console.Error.WriteLine("plugin: " + message);

    public void Warning(string message) => Console.Error.WriteLine("plugin warning: " + message);
}
