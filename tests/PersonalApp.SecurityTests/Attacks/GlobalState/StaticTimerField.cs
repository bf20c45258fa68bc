// Attack: Keeps a System.Threading.Timer in a static field that runs every 10 ms for ever, after the call returns and even after the plugin is revoked.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class StaticTimerField : IProbe
{
    private static readonly Timer Heartbeat = new(_ => Tick(), null, 0, 10);

    private static readonly long[] Ticks = new long[1];

    public string Run(ProbeInput input) => Ticks[0].ToString() + Heartbeat.GetHashCode();

    private static void Tick()
    {
        Ticks[0]++;
        System.IO.File.AppendAllText("/tmp/personalapp-timer.txt", System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") + "\n");
    }
}
