// Attack: Hangs the calling thread forever with an empty while (true) loop.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class WhileTrueSpin : IProbe
{
    public string Run(ProbeInput input)
    {
        while (true)
        {
        }
    }
}
