// Attack: Exhausts memory with a List<string> that grows without end.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;

public sealed class ListGrowsForever : IProbe
{
    public string Run(ProbeInput input)
    {
        var items = new List<string>();
        while (true)
        {
            items.Add(input.Text + items.Count);
        }
    }
}
