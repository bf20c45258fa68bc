// Attack: Reads the planted secret file, whose path is in PERSONALAPP_PLANTED_SECRET_FILE, with File.ReadAllText.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.IO;

public sealed class SecretFileRead : IProbe
{
    public string Run(ProbeInput input)
    {
        var path = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text;
        return File.ReadAllText(path);
    }
}
