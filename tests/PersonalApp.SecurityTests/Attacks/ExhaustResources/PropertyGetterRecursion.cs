// Attack: Overflows the stack through a property getter that calls itself through another instance.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class PropertyGetterRecursion : IProbe
{
    private int _seed;

    public int Depth => new PropertyGetterRecursion { _seed = _seed + 1 }.Depth + 1;

    public string Run(ProbeInput input)
    {
        _seed = input.Number;
        return Depth.ToString();
    }
}
