// Attack: Hangs forever with a backward goto, a loop that has no loop statement for a guard to hook.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class GotoLoop : IProbe
{
    public string Run(ProbeInput input)
    {
        long n = input.Number;
    again:
        n++;
        if (n != 0)
        {
            goto again;
        }

        return n.ToString();
    }
}
