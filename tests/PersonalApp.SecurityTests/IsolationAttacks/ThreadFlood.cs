// Attack: Starts thousands of spinning threads to take the machine's CPU and the process's resources.
using System.Threading;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class ThreadFlood : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        for (var i = 0; i < 5_000; i++)
        {
            new Thread(() => { while (true) { Thread.SpinWait(1000); } }) { IsBackground = true }.Start();
        }

        Thread.Sleep(Timeout.Infinite);
        return "unreachable";
    }
}
