// Attack: Overflows the stack with two methods that call each other without end.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class MutualRecursion : IProbe
{
    public string Run(ProbeInput input) => Ping(input.Number).ToString();

    private static long Ping(long n) => Pong(n + 1) + 1;

    private static long Pong(long n) => Ping(n * 2) - 1;
}
