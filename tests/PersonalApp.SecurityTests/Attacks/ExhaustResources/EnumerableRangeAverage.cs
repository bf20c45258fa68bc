// Attack: Burns CPU for seconds inside one framework call, Enumerable.Range(0, int.MaxValue).Average() (int Sum() would overflow within 65,536 items), with its count argument as the only hook.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Linq;

public sealed class EnumerableRangeAverage : IProbe
{
    // Average over ints accumulates in a long, so it runs all 2^31 items (about 6 s) without overflowing.
    public string Run(ProbeInput input) => Enumerable.Range(input.Number & 1, int.MaxValue - 1).Average().ToString();
}
