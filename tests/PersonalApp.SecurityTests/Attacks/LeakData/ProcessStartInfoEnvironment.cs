// Attack: Reads the host's environment through Process.GetCurrentProcess().StartInfo.Environment, plus its command line and modules.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Diagnostics;
using System.Linq;

public sealed class ProcessStartInfoEnvironment : IProbe
{
    public string Run(ProbeInput input)
    {
        using var self = Process.GetCurrentProcess();
        string modules = string.Join(',', self.Modules.Cast<ProcessModule>().Select(m => m.FileName));
        try
        {
            return string.Join('\n', self.StartInfo.Environment.Select(kv => kv.Key + "=" + kv.Value)) + "\n" + modules;
        }
        catch (System.InvalidOperationException)
        {
            // .NET refuses StartInfo for a process it did not start; the modules list still leaks.
            return modules;
        }
    }
}
