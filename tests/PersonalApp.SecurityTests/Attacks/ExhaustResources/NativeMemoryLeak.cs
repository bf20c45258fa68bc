// Attack: Exhausts memory with Marshal.AllocHGlobal in a loop: native memory that a GC-based allocation budget never counts and nothing ever frees.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.InteropServices;

public sealed class NativeMemoryLeak : IProbe
{
    public string Run(ProbeInput input)
    {
        long total = 0;
        for (int i = 0; i < 1_000; i++)
        {
            IntPtr block = Marshal.AllocHGlobal(64 * 1024 * 1024);

            // Touch every page so the OS really commits it.
            for (int offset = 0; offset < 64 * 1024 * 1024; offset += 4096)
            {
                Marshal.WriteByte(block, offset, 1);
            }

            total += 64;
        }

        return total + " MB";
    }
}
