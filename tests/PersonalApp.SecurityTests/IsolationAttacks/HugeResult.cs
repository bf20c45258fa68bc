// Attack: Returns a 4 MB string, past the cap on what a call may send back, to flood the host with its result.
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class HugeResult : IIsolatedProbe
{
    public string Run(ProbeRequest request) => new string('x', 2_000_000);
}
