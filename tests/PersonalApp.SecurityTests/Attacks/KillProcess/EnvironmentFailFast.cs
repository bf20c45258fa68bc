// Attack: Tears the host process down with Environment.FailFast, skipping finally blocks and handlers.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class EnvironmentFailFast : IProbe
{
    public string Run(ProbeInput input)
    {
        Environment.FailFast("probe says goodbye");
        return input.Text;
    }
}
