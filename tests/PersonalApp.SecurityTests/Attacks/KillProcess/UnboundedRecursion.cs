// Attack: Overflows the stack (an uncatchable crash) with a method that calls itself without end.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class UnboundedRecursion : IProbe
{
    public string Run(ProbeInput input) => Deep(input.Number).ToString();

    private static int Deep(int n) => Deep(n + 1) + 1;
}
