// Attack: Sets the process-wide Regex.CacheSize (a static setter on an otherwise allowed type) so every pattern the host uses stays cached for ever.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text.RegularExpressions;

public sealed class RegexCacheSize : IProbe
{
    public string Run(ProbeInput input)
    {
        Regex.CacheSize = int.MaxValue;
        return Regex.CacheSize.ToString();
    }
}
