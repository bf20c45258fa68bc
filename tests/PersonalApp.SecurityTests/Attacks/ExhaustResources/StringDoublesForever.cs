// Attack: Exhausts memory in about thirty iterations with a string that doubles its length each time.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StringDoublesForever : IProbe
{
    public string Run(ProbeInput input)
    {
        string s = input.Text.Length == 0 ? "x" : input.Text;
        while (true)
        {
            s += s;
        }
    }
}
