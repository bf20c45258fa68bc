// Attack: Reads the managed heap beyond input.Text (the secret string was allocated next to it) with MemoryMarshal.CreateReadOnlySpan and MemoryMarshal.AsBytes.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.InteropServices;
using System.Text;

public sealed class MemoryMarshalHeapRead : IProbe
{
    public string Run(ProbeInput input)
    {
        ref readonly char start = ref MemoryMarshal.GetReference(input.Text.AsSpan());

        // A span 64 K chars long over a string of a few chars: everything after it on the heap becomes readable.
        ReadOnlySpan<char> wide = MemoryMarshal.CreateReadOnlySpan(in start, 65_536);
        ReadOnlySpan<byte> raw = MemoryMarshal.AsBytes(wide);
        return Encoding.Unicode.GetString(raw);
    }
}
