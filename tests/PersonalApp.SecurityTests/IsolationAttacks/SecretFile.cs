// Attack: Reads the planted secret file, whose path it knows (%SECRET_FILE% is filled in by the test).
using System.IO;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class SecretFile : IIsolatedProbe
{
    public string Run(ProbeRequest request) => File.ReadAllText("%SECRET_FILE%");
}
