// Attack: Overflows the stack through a ToString override that interpolates itself, so the recursion hides in framework string formatting.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class ToStringRecursion : IProbe
{
    public string Run(ProbeInput input) => new Label(input.Text).ToString();

    private sealed class Label(string text)
    {
        public override string ToString() => $"[{text}] {this}";
    }
}
