// Attack: Reads stale stack memory (earlier frames' locals, perhaps the secret) with [SkipLocalsInit] and a stackalloc that is never zeroed.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.CompilerServices;
using System.Text;

public sealed class SkipLocalsInitStackScrape : IProbe
{
    [SkipLocalsInit]
    public string Run(ProbeInput input)
    {
        Span<char> stale = stackalloc char[8192];
        var sb = new StringBuilder();
        foreach (char c in stale)
        {
            if (c is >= ' ' and <= '~')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
