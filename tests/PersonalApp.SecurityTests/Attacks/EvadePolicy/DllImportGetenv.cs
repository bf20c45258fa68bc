// Attack: Reads the secret from native code with [DllImport("libc")] static extern getenv, invisible to managed APIs.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.InteropServices;

public sealed class DllImportGetenv : IProbe
{
    public string Run(ProbeInput input) => Marshal.PtrToStringUTF8(getenv("PERSONALAPP_PLANTED_SECRET")) ?? "(none)";

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern IntPtr getenv(string name);
}
