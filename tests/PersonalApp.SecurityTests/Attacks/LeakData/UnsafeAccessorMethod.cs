// Attack: Calls the private ProbeInput.Reveal() without reflection through an [UnsafeAccessor(UnsafeAccessorKind.Method)] extern accessor.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.CompilerServices;

public sealed class UnsafeAccessorMethod : IProbe
{
    public string Run(ProbeInput input) => Reveal(input);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Reveal")]
    private static extern string Reveal(ProbeInput input);
}
