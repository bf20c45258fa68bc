// Attack: Ends its process with Environment.Exit.
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class EnvironmentExit : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        Environment.Exit(3);
        return "unreachable";
    }
}
