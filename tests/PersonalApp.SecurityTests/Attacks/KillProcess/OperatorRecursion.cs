// Attack: Overflows the stack through a user-defined operator + that calls itself.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class OperatorRecursion : IProbe
{
    public string Run(ProbeInput input) => (new Money(input.Number) + new Money(1)).Amount.ToString();

    private readonly record struct Money(decimal Amount)
    {
        public static Money operator +(Money left, Money right) => left + new Money(right.Amount + 1);
    }
}
