// Attack: Starts thousands of threads that spin forever, starving the host of CPU and threads.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class ThreadFlood : IProbe
{
    public string Run(ProbeInput input)
    {
        for (int i = 0; i < 10_000; i++)
        {
            var thread = new Thread(() =>
            {
                long x = 0;
                while (true)
                {
                    x++;
                }
            })
            {
                IsBackground = false,
            };
            thread.Start();
        }

        return input.Text;
    }
}
