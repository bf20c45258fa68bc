// Attack: Reinterprets the ProbeInput reference as a look-alike class with public fields via Unsafe.As<ProbeInput, Layout>, reading _secret.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.CompilerServices;

public sealed class UnsafeAsLayout : IProbe
{
    public string Run(ProbeInput input)
    {
        // The runtime lays out reference fields first, in declaration order: _secret, then Text's backing field.
        ref Layout view = ref Unsafe.As<ProbeInput, Layout>(ref input);
        return view.First + " | " + view.Second + " | " + Unsafe.As<Layout>(input).First;
    }

    private sealed class Layout
    {
        public string First = "";
        public string Second = "";
        public int Number;
    }
}
