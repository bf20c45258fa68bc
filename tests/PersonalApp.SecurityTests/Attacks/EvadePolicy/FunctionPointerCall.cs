// Attack: Calls Environment.GetEnvironmentVariable through a delegate* managed function pointer taken with &, not a normal call.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class FunctionPointerCall : IProbe
{
    public unsafe string Run(ProbeInput input)
    {
        delegate* managed<string, string?> lookup = &Environment.GetEnvironmentVariable;
        return lookup("PERSONALAPP_PLANTED_SECRET") ?? "(none)";
    }
}
