// Attack: Calls global::System.IO.File.ReadAllText, fully qualified past any alias or namespace-based filter.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class GlobalQualifiedFile : IProbe
{
    public string Run(ProbeInput input)
        => global::System.IO.File.ReadAllText(global::System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text);
}
