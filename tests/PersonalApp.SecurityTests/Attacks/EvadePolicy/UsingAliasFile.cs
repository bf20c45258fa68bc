// Attack: Hides File and Environment behind using aliases (using F = System.IO.File) so their names never appear at the call site.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using F = System.IO.File;
using Settings = System.Environment;

public sealed class UsingAliasFile : IProbe
{
    public string Run(ProbeInput input)
        => F.ReadAllText(Settings.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text);
}
