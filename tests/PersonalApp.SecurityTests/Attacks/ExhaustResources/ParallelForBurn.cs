// Attack: Occupies every core at once with Parallel.For over a huge range.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading.Tasks;

public sealed class ParallelForBurn : IProbe
{
    public string Run(ProbeInput input)
    {
        long total = 0;
        Parallel.For(0L, long.MaxValue, i =>
        {
            total += i % 7;
        });
        return total.ToString();
    }
}
