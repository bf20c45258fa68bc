// Attack: Hooks AssemblyLoadContext.Default.Resolving so the host's failed assembly loads are answered with an assembly of the plugin's choosing.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.Loader;

public sealed class AssemblyResolvingHijack : IProbe
{
    public string Run(ProbeInput input)
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            context.LoadFromAssemblyPath("/tmp/attacker/" + name.Name + ".dll");
        return input.Text;
    }
}
