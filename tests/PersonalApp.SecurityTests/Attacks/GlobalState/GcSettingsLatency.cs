// Attack: Changes process-wide GC behaviour (GCSettings.LatencyMode = LowLatency, large-object-heap compaction) for the whole host.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime;

public sealed class GcSettingsLatency : IProbe
{
    public string Run(ProbeInput input)
    {
        // LowLatency suppresses gen-2 collections: the host's memory grows until it is reset.
        GCSettings.LatencyMode = GCLatencyMode.LowLatency;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        return GCSettings.LatencyMode.ToString();
    }
}
