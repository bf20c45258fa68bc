// Attack: Burns CPU inside one Regex call with catastrophic backtracking on (a+)+$, passing a "timeout required" rule with a one-hour timeout.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Text.RegularExpressions;

public sealed class CatastrophicRegexHourTimeout : IProbe
{
    public string Run(ProbeInput input)
    {
        // A timeout is given, so a policy that only checks for its presence lets this through; the policy has to
        // bound the value too (a small constant), because no runtime guard runs inside the regex engine.
        var regex = new Regex("(a+)+$", RegexOptions.None, TimeSpan.FromHours(1));
        var victim = new string('a', 40) + "!";
        return regex.IsMatch(victim).ToString();
    }
}
