// Attack: Throws on a thread of its own, an unhandled exception that ends the process.
using System.Threading;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class ThreadThrows : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        var thread = new Thread(() => throw new InvalidOperationException("from a thread"));
        thread.Start();
        thread.Join();
        return "survived";
    }
}
