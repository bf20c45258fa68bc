// Attack: Crashes the host with an unhandled exception in a ThreadPool.QueueUserWorkItem callback.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Threading;

public sealed class ThreadPoolWorkItemThrows : IProbe
{
    public string Run(ProbeInput input)
    {
        ThreadPool.QueueUserWorkItem(_ => throw new InvalidOperationException("unhandled on the pool"));
        return input.Text;
    }
}
