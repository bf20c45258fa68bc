// Attack: Burns CPU forever in a for (;;) loop that only increments a counter.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class ForeverCounter : IProbe
{
    public string Run(ProbeInput input)
    {
        long counter = input.Number;
        for (;;)
        {
            counter++;
            if (counter == long.MinValue)
            {
                counter = 0;
            }
        }
    }
}
