// Attack: Makes a look-alike object with RuntimeHelpers.GetUninitializedObject (no constructor runs) and copies ProbeInput's raw field bytes into it, exposing _secret.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.CompilerServices;

public sealed class UninitializedObjectRawCopy : IProbe
{
    public string Run(ProbeInput input)
    {
        var twin = (Mirror)RuntimeHelpers.GetUninitializedObject(typeof(Mirror));

        // The same trick RuntimeHelpers.GetRawData uses inside the runtime: view any object's fields as bytes.
        ref byte from = ref Unsafe.As<RawObject>(input).Data;
        ref byte to = ref Unsafe.As<RawObject>(twin).Data;
        Unsafe.CopyBlockUnaligned(ref to, ref from, (uint)(2 * System.IntPtr.Size + sizeof(int)));
        return twin.Secret + " / " + twin.Text;
    }

    private sealed class Mirror
    {
        public string Secret = "";
        public string Text = "";
        public int Number;
    }

    private sealed class RawObject
    {
        public byte Data;
    }
}
