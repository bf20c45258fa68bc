// Attack: Blocks forever on a ManualResetEventSlim that nobody ever sets.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class EventWaitForever : IProbe
{
    public string Run(ProbeInput input)
    {
        using var gate = new ManualResetEventSlim(false);
        gate.Wait();
        return input.Text;
    }
}
