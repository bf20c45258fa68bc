// Attack: Crashes the host with an unhandled exception on a new Thread, which no caller can catch.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Threading;

public sealed class ThreadThatThrows : IProbe
{
    public string Run(ProbeInput input)
    {
        var thread = new Thread(() => throw new InvalidOperationException("unhandled on a thread"));
        thread.Start();
        return input.Text;
    }
}
