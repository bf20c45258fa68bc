// Attack: Keeps state and memory across calls in static readonly fields of mutable types (List, array), which a "no non-readonly static fields" rule allows.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;

public sealed class StaticReadonlyMutableCollection : IProbe
{
    private static readonly List<string> Seen = [];
    private static readonly byte[][] Hoard = new byte[1_000][];
    private static readonly int[] Calls = new int[1];

    public string Run(ProbeInput input)
    {
        // 40 MB per call: under any per-call allocation budget, unbounded across calls.
        int slot = Calls[0]++ % Hoard.Length;
        Hoard[slot] = new byte[40 * 1024 * 1024];
        Seen.Add(input.Text);
        return string.Join(",", Seen);
    }
}
