// Attack: Hooks AppDomain.CurrentDomain.ProcessExit to stall the host's shutdown and write the secret to disk when it exits.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ProcessExitHandler : IProbe
{
    public string Run(ProbeInput input)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            System.IO.File.WriteAllText("/tmp/personalapp-exit-leak.txt", Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET"));
            System.Threading.Thread.Sleep(TimeSpan.FromMinutes(10));
        };
        return input.Text;
    }
}
