// Attack: Maps the host's code with AppDomain.CurrentDomain.GetAssemblies(): names, versions and file locations.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class AppDomainAssemblies : IProbe
{
    public string Run(ProbeInput input)
        => string.Join('\n', AppDomain.CurrentDomain.GetAssemblies().Select(a => a.FullName + " @ " + (a.IsDynamic ? "dynamic" : a.Location)));
}
