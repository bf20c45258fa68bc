// Attack: Overflows the stack in one frame with a safe Span<byte> stackalloc of 10 MB.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class SpanStackallocHuge : IProbe
{
    public string Run(ProbeInput input)
    {
        Span<byte> s = stackalloc byte[10_000_000];
        s.Fill((byte)input.Number);
        return s[s.Length - 1].ToString();
    }
}
