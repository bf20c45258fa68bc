// Attack: Reads the secret in a Deconstruct method, called implicitly by a positional deconstruction var (a, b) = x.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class DeconstructForbidden : IProbe
{
    public string Run(ProbeInput input)
    {
        var (text, extra) = new Pair(input.Text);
        return text + extra;
    }

    private sealed class Pair(string text)
    {
        public void Deconstruct(out string first, out string second)
        {
            first = text;
            second = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "";
        }
    }
}
