// Attack: Allocates about 8.6 GB at once with new long[int.MaxValue / 2].
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class HugeLongArray : IProbe
{
    public string Run(ProbeInput input)
    {
        var numbers = new long[int.MaxValue / 2];
        numbers[^1] = input.Number;
        return numbers.Length.ToString();
    }
}
