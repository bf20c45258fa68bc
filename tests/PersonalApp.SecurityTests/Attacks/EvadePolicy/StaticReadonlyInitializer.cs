// Attack: Reads the secret in a static readonly field initializer, which runs in the type's implicit static constructor, outside any method body.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StaticReadonlyInitializer : IProbe
{
    private static readonly string Planted = System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "";

    public string Run(ProbeInput input) => Planted;
}
