// Attack: Blocks the calling thread forever with Thread.Sleep(Timeout.Infinite), where no loop guard ever runs.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class ThreadSleepInfinite : IProbe
{
    public string Run(ProbeInput input)
    {
        Thread.Sleep(Timeout.Infinite);
        return input.Text;
    }
}
