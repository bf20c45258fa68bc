// Attack: Starves the host with ThreadPool.SetMaxThreads(1, 1) (after lowering the minimum), so its async work queues up behind one thread.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class ThreadPoolSetMaxThreads : IProbe
{
    public string Run(ProbeInput input)
    {
        ThreadPool.SetMinThreads(1, 1);
        return ThreadPool.SetMaxThreads(1, 1).ToString();
    }
}
