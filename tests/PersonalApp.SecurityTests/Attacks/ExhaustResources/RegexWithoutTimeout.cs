// Attack: Burns CPU without end in a static Regex.IsMatch with catastrophic backtracking and no timeout.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text.RegularExpressions;

public sealed class RegexWithoutTimeout : IProbe
{
    public string Run(ProbeInput input)
    {
        var victim = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
        return Regex.IsMatch(input.Text + victim, "^(a|aa)+$").ToString() + Regex.IsMatch(victim, "(a+)+$");
    }
}
