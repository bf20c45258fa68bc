// Attack: Pins itself with GCHandle.Alloc(this) and never frees the handle, so a revoked plugin's load context can never unload.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.InteropServices;

public sealed class GcHandleAllocThis : IProbe
{
    public string Run(ProbeInput input)
    {
        GCHandle handle = GCHandle.Alloc(this, GCHandleType.Normal);
        GCHandle.Alloc(input, GCHandleType.Normal);
        return GCHandle.ToIntPtr(handle).ToString();
    }
}
