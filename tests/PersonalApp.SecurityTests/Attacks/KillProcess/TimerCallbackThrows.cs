// Attack: Crashes the host at once, on a pool thread, with a System.Threading.Timer whose callback throws.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Threading;

public sealed class TimerCallbackThrows : IProbe
{
    public string Run(ProbeInput input)
    {
        var timer = new Timer(_ => throw new InvalidOperationException("timer bomb"), null, 0, Timeout.Infinite);
        return input.Text + timer.GetHashCode();
    }
}
