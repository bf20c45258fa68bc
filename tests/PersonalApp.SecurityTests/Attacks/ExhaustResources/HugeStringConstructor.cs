// Attack: Allocates 2 GB in one framework call with new string('x', 1_000_000_000) (its count argument is the only hook).
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class HugeStringConstructor : IProbe
{
    public string Run(ProbeInput input) => new string('x', 1_000_000_000);
}
