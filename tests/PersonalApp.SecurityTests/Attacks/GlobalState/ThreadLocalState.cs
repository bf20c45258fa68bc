// Attack: Keeps per-thread state across calls (and across users served by the same pooled thread) in a ThreadLocal<T>.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class ThreadLocalState : IProbe
{
    private static readonly ThreadLocal<string> LastOnThisThread = new(() => "");

    public string Run(ProbeInput input)
    {
        string previous = LastOnThisThread.Value!;
        LastOnThisThread.Value = input.Text;
        return "previous caller on this thread sent " + previous;
    }
}
