// Attack: Finds the host application with Assembly.GetEntryAssembly(): its location, types and embedded resource names.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Linq;
using System.Reflection;

public sealed class EntryAssemblyProbe : IProbe
{
    public string Run(ProbeInput input)
    {
        var host = Assembly.GetEntryAssembly();
        if (host is null)
        {
            return "(no entry assembly)";
        }

        return host.Location + "\n" + string.Join('\n', host.GetManifestResourceNames())
            + "\n" + string.Join('\n', host.GetTypes().Select(t => t.FullName));
    }
}
