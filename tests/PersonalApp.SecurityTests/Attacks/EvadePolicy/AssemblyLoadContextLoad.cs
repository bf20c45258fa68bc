// Attack: Loads System.Diagnostics.Process through AssemblyLoadContext.Default.LoadFromAssemblyName and kills the host by reflection.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Reflection;
using System.Runtime.Loader;

public sealed class AssemblyLoadContextLoad : IProbe
{
    public string Run(ProbeInput input)
    {
        var context = new AssemblyLoadContext("escape", isCollectible: false);
        var assembly = context.LoadFromAssemblyName(new AssemblyName("System.Diagnostics.Process"));
        var process = assembly.GetType("System.Diagnostics.Process")!;
        var self = process.GetMethod("GetCurrentProcess", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
        process.GetMethod("Kill", [])!.Invoke(self, null);
        return input.Text;
    }
}
