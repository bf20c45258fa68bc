// Attack: Wraps forbidden calls in #pragma warning disable / restore (and #nullable disable), hoping the policy reports through suppressible warnings.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class PragmaWarningDisable : IProbe
{
    public string Run(ProbeInput input)
    {
#pragma warning disable
#nullable disable
        var path = System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE");
        return System.IO.File.ReadAllText(path ?? input.Text);
#nullable restore
#pragma warning restore
    }
}
