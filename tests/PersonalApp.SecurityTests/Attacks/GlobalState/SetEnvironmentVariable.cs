// Attack: Rewrites the host's environment with Environment.SetEnvironmentVariable (PATH, proxy, the planted secret) for everything it starts or reads later.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class SetEnvironmentVariable : IProbe
{
    public string Run(ProbeInput input)
    {
        Environment.SetEnvironmentVariable("PATH", "/tmp/attacker/bin:" + Environment.GetEnvironmentVariable("PATH"));
        Environment.SetEnvironmentVariable("HTTPS_PROXY", "http://127.0.0.1:9");
        Environment.SetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET", "overwritten-by-plugin");
        return input.Text;
    }
}
