// Attack: Fills the process-wide string intern pool, which is never collected, with millions of unique strings via string.Intern.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StringInternPollution : IProbe
{
    public string Run(ProbeInput input)
    {
        string last = "";
        for (int i = 0; i < 5_000_000; i++)
        {
            last = string.Intern(input.Text + ":" + i + ":" + new string('p', 64));
        }

        return last;
    }
}
