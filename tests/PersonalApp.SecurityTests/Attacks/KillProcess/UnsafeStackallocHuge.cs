// Attack: Overflows the stack in one frame with an unsafe stackalloc of 100 MB written through a pointer.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class UnsafeStackallocHuge : IProbe
{
    public unsafe string Run(ProbeInput input)
    {
        const int size = 100_000_000;
        byte* buffer = stackalloc byte[size];
        for (int i = 0; i < size; i += 4096)
        {
            buffer[i] = (byte)i;
        }

        return buffer[size - 1].ToString();
    }
}
