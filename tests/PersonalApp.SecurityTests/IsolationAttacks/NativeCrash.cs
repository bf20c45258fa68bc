// Attack: Crashes the process inside native code (libc memset on an unmapped address): a real SIGSEGV, no exception to catch.
using System.Runtime.InteropServices;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class NativeCrash : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        memset(new IntPtr(unchecked((long)0x0000_dead_beef_0000)), 0, 64);
        return "unreachable";
    }

    [DllImport("libc")]
    private static extern IntPtr memset(IntPtr destination, int value, nuint count);
}
