// Attack: Overflows the stack with unbounded recursion, with no guard to stop it (a StackOverflow ends the process).
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class UnguardedRecursion : IIsolatedProbe
{
    public string Run(ProbeRequest request) => Deep(request.Number).ToString();

    private static int Deep(int n) => Deep(n + 1) + 1;
}
