// Attack: Reads the host's own data: its SQLite store (%STORE_PATH%, filled in by the test), plugins and audit log included.
using System.IO;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class HostStore : IIsolatedProbe
{
    public string Run(ProbeRequest request) => Convert.ToBase64String(File.ReadAllBytes("%STORE_PATH%"));
}
