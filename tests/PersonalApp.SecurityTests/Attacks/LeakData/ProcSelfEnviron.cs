// Attack: Reads the host's environment (the planted secret among it) straight from /proc/self/environ.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.IO;

public sealed class ProcSelfEnviron : IProbe
{
    public string Run(ProbeInput input) => File.ReadAllText("/proc/self/environ").Replace('\0', '\n');
}
