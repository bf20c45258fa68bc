// Attack: Kills the host process with Process.GetCurrentProcess().Kill().
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Diagnostics;

public sealed class ProcessKill : IProbe
{
    public string Run(ProbeInput input)
    {
        Process.GetCurrentProcess().Kill();
        return input.Text;
    }
}
