// Attack: Kills its process at once with Environment.FailFast.
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class FailFast : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        Environment.FailFast("bye");
        return "unreachable";
    }
}
