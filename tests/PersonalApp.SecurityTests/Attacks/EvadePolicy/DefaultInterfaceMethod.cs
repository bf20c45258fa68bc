// Attack: Reads the secret in a default interface method body of a private nested interface, reached through an empty implementing class.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class DefaultInterfaceMethod : IProbe
{
    public string Run(ProbeInput input) => ((ISecretSource)new Source()).Read(input.Text);

    private interface ISecretSource
    {
        string Read(string fallback) => System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? fallback;
    }

    private sealed class Source : ISecretSource
    {
    }
}
