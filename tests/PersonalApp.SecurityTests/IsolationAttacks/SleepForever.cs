// Attack: Never returns: sleeps forever without a loop for a guard to see.
using System.Threading;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class SleepForever : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        Thread.Sleep(Timeout.Infinite);
        return "unreachable";
    }
}
