// Attack: Hangs in a loop inside try, then in another loop inside finally, which runs while a guard's exception unwinds.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class InfiniteLoopInTryFinally : IProbe
{
    public string Run(ProbeInput input)
    {
        long n = input.Number;
        try
        {
            while (true)
            {
                n++;
            }
        }
        finally
        {
            while (n != -1)
            {
                n = (n * 31) + 7;
            }
        }
    }
}
