// Attack: Allocates 2 GB in one framework call with PadLeft(1_000_000_000), whose size argument is named totalWidth, not count.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class PadLeftHuge : IProbe
{
    public string Run(ProbeInput input) => input.Text.PadLeft(1_000_000_000, '#');
}
