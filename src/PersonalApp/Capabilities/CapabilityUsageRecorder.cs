using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;

namespace PersonalApp.Capabilities;

/// <summary>
/// Counts capability use in memory, per plugin version, capability and UTC day, and writes the counts to the store in
/// batches (every <see cref="CapabilityOptions.UsageFlushInterval"/>, at shutdown, and before they are read): the audit
/// of capability use is in aggregate, never a row per call.
/// </summary>
internal sealed class CapabilityUsageRecorder
{
    private readonly ICapabilityUsageStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Dictionary<(string PluginId, int Version, string Capability, DateOnly Day), Counts> _pending = [];

    public CapabilityUsageRecorder(ICapabilityUsageStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public void Used(PluginVersionKey plugin, string capability) => Count(plugin, capability, refused: false);

    public void Refused(PluginVersionKey plugin, string capability) => Count(plugin, capability, refused: true);

    /// <summary>Writes the counts gathered so far; the next ones start from zero.</summary>
    public void Flush()
    {
        Dictionary<(string PluginId, int Version, string Capability, DateOnly Day), Counts> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        try
        {
            _store.Add(batch.Select(p => new CapabilityUsage(new PluginVersionKey(p.Key.PluginId, p.Key.Version), p.Key.Capability, p.Key.Day, p.Value.Uses, p.Value.Refused)));
        }
        catch
        {
            // Put the counts back, so a store that is briefly unavailable loses nothing.
            lock (_lock)
            {
                foreach (var (key, counts) in batch)
                {
                    var pending = Get(key);
                    pending.Uses += counts.Uses;
                    pending.Refused += counts.Refused;
                }
            }

            throw;
        }
    }

    private void Count(PluginVersionKey plugin, string capability, bool refused)
    {
        var day = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            var counts = Get((plugin.PluginId, plugin.Version, capability, day));
            if (refused)
            {
                counts.Refused++;
            }
            else
            {
                counts.Uses++;
            }
        }

        PersonalAppTelemetry.CapabilityUses.Add(1, new KeyValuePair<string, object?>("capability", capability), new KeyValuePair<string, object?>("refused", refused));
    }

    private Counts Get((string PluginId, int Version, string Capability, DateOnly Day) key)
    {
        if (!_pending.TryGetValue(key, out var counts))
        {
            counts = new Counts();
            _pending[key] = counts;
        }

        return counts;
    }

    private sealed class Counts
    {
        public long Uses;
        public long Refused;
    }
}
