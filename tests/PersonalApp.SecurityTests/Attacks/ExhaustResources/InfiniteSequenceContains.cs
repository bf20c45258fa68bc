// Attack: Spins forever inside one framework call, Enumerable.InfiniteSequence(0L, 0L).Contains(1L) (step 0: the same item for ever): no plugin loop, lambda or count argument to guard.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Linq;

public sealed class InfiniteSequenceContains : IProbe
{
    public string Run(ProbeInput input) => Enumerable.InfiniteSequence(0L, 0L).Contains(1L + input.Number).ToString();
}
