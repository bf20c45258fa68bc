// Attack: Scrapes stale heap memory (earlier strings, the secret perhaps) from GC.AllocateUninitializedArray buffers that are never zeroed.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Text;

public sealed class UninitializedArrayScrape : IProbe
{
    public string Run(ProbeInput input)
    {
        var sb = new StringBuilder();
        for (int round = 0; round < 16; round++)
        {
            // Above a few KB the runtime hands out the memory as it finds it, without clearing it.
            char[] junk = GC.AllocateUninitializedArray<char>(1 << 20);
            foreach (char c in junk)
            {
                if (c is >= ' ' and <= '~')
                {
                    sb.Append(c);
                }
            }
        }

        return sb.ToString();
    }
}
