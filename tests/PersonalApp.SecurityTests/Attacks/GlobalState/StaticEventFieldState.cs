// Attack: Keeps mutable static state in a static field-like event (an event declaration, not a field declaration) that grows by one handler per call.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class StaticEventFieldState : IProbe
{
    private static event Func<string>? Memory;

    public string Run(ProbeInput input)
    {
        string previous = Memory?.Invoke() ?? "";
        string text = input.Text;
        Memory += () => text;
        return "previous caller sent " + previous;
    }
}
