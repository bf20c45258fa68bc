// Attack: Collects host identity: machine and user name, current and base directory, command line, OS and process id.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class HostIdentity : IProbe
{
    public string Run(ProbeInput input)
        => string.Join('\n',
            Environment.MachineName,
            Environment.UserName,
            Environment.CurrentDirectory,
            AppContext.BaseDirectory,
            Environment.CommandLine,
            string.Join(' ', Environment.GetCommandLineArgs()),
            Environment.OSVersion.ToString(),
            Environment.ProcessId.ToString());
}
