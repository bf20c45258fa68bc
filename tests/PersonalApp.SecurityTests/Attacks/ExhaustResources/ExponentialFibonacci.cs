// Attack: Runs for years with naive doubly recursive fib(60), about 10^12 calls but never deeper than 60 frames.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class ExponentialFibonacci : IProbe
{
    public string Run(ProbeInput input) => Fib(60 + (input.Number & 1)).ToString();

    private static long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}
