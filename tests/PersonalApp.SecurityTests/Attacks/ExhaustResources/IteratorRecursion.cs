// Attack: Overflows the stack through an iterator that yields from a fresh copy of itself at every level.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;
using System.Linq;

public sealed class IteratorRecursion : IProbe
{
    public string Run(ProbeInput input) => Walk(input.Number).First().ToString();

    // Each MoveNext calls the nested iterator's MoveNext, so the stack grows by one frame per level.
    private static IEnumerable<int> Walk(int n)
    {
        foreach (var x in Walk(n + 1))
        {
            yield return x;
        }

        yield return n;
    }
}
