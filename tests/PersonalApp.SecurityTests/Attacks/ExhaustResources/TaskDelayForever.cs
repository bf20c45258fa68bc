// Attack: Blocks the calling thread forever with Task.Delay(-1).Wait().
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading.Tasks;

public sealed class TaskDelayForever : IProbe
{
    public string Run(ProbeInput input)
    {
        Task.Delay(-1).Wait();
        return input.Text;
    }
}
