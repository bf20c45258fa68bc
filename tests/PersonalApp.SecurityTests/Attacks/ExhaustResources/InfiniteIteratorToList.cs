// Attack: Exhausts memory and time by materializing an infinite iterator with ToList().
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;
using System.Linq;

public sealed class InfiniteIteratorToList : IProbe
{
    public string Run(ProbeInput input) => Forever(input.Number).ToList().Count.ToString();

    private static IEnumerable<long> Forever(long start)
    {
        while (true)
        {
            yield return start++;
        }
    }
}
