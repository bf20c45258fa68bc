// Attack: Overflows the stack through a lambda that calls itself via its captured delegate variable.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class LambdaRecursion : IProbe
{
    public string Run(ProbeInput input)
    {
        Func<int, int> f = null!;
        f = n => f(n + 1) + 1;
        return f(input.Number).ToString();
    }
}
