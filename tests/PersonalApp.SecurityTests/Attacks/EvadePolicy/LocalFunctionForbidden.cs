// Attack: Hides the forbidden call in a static local function declared after the return statement.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class LocalFunctionForbidden : IProbe
{
    public string Run(ProbeInput input)
    {
        return Lookup(input.Text);

        static string Lookup(string fallback) => System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? fallback;
    }
}
