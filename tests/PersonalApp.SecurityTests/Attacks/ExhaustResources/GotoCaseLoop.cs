// Attack: Hangs forever with goto case bouncing between two switch sections, a loop without a loop statement.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class GotoCaseLoop : IProbe
{
    public string Run(ProbeInput input)
    {
        long ticks = 0;
        switch (input.Number & 1)
        {
            case 0:
                ticks++;
                goto case 1;
            case 1:
                ticks++;
                goto case 0;
            default:
                goto default;
        }
    }
}
