// Attack: Reads ProbeInput._secret without reflection through an [UnsafeAccessor(UnsafeAccessorKind.Field)] extern ref accessor.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.CompilerServices;

public sealed class UnsafeAccessorField : IProbe
{
    public string Run(ProbeInput input) => SecretOf(input);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_secret")]
    private static extern ref string SecretOf(ProbeInput input);
}
