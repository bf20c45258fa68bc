// Attack: Keeps mutable state across calls in a local captured by a lambda stored in a static readonly delegate field: no mutable field is declared anywhere.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class StaticClosureCounter : IProbe
{
    private static readonly Func<string, string> Remember = MakeMemory();

    public string Run(ProbeInput input) => Remember(input.Text);

    private static Func<string, string> MakeMemory()
    {
        string last = "";
        int calls = 0;
        return text =>
        {
            calls++;
            string previous = last;
            last = text;
            return calls + ": previous caller sent " + previous;
        };
    }
}
