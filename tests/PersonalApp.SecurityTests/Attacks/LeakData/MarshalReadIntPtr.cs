// Attack: Follows raw pointers with Marshal.ReadIntPtr/ReadInt32/PtrToStringUni from the input object's address to the chars of _secret.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

public sealed class MarshalReadIntPtr : IProbe
{
    public string Run(ProbeInput input)
    {
        // An object reference is the address of its method-table pointer; the first field follows it.
        IntPtr self = Unsafe.As<ProbeInput, IntPtr>(ref input);
        IntPtr secret = Marshal.ReadIntPtr(self, IntPtr.Size);

        // A string is [method table][int length][UTF-16 chars].
        int length = Marshal.ReadInt32(secret, IntPtr.Size);
        return Marshal.PtrToStringUni(secret + IntPtr.Size + sizeof(int), length);
    }
}
