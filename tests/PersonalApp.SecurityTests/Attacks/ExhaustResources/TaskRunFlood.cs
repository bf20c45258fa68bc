// Attack: Floods the thread pool with a million busy Task.Run work items, starving the host's own async work.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading.Tasks;

public sealed class TaskRunFlood : IProbe
{
    public string Run(ProbeInput input)
    {
        for (int i = 0; i < 1_000_000; i++)
        {
            _ = Task.Run(() =>
            {
                double x = 1;
                while (x > 0)
                {
                    x = (x * 1.0000001) + 1;
                }
            });
        }

        return input.Text;
    }
}
