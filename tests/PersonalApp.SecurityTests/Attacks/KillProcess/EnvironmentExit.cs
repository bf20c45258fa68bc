// Attack: Ends the host process at once with Environment.Exit.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class EnvironmentExit : IProbe
{
    public string Run(ProbeInput input)
    {
        System.Environment.Exit(137);
        return input.Text;
    }
}
