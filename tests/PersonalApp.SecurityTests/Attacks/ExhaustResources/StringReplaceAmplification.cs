// Attack: Turns small inputs into a 1 GB string in one framework call: String.Replace of each of 1,000,000 chars with 500 chars.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StringReplaceAmplification : IProbe
{
    public string Run(ProbeInput input)
    {
        var haystack = "a".PadRight(1_000_000, 'a');
        var needleOut = "b".PadRight(500, 'b');
        return haystack.Replace("a", needleOut);
    }
}
