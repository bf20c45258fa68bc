// Attack: Confuses types with [StructLayout(LayoutKind.Explicit)]: two object references at [FieldOffset(0)], so ProbeInput is read as a class with public fields.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.InteropServices;

public sealed class StructLayoutOverlap : IProbe
{
    public string Run(ProbeInput input)
    {
        var union = new Union { Real = input };
        return union.View.Secret + " | " + union.View.Text;
    }

    [StructLayout(LayoutKind.Explicit)]
    private struct Union
    {
        [FieldOffset(0)]
        public ProbeInput Real;

        [FieldOffset(0)]
        public Mirror View;
    }

    private sealed class Mirror
    {
        public string Secret = "";
        public string Text = "";
        public int Number;
    }
}
