// Attack: Reads the secret file through a Func<string, string> made from the method group File.ReadAllText, never written as a call.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class MethodGroupDelegate : IProbe
{
    public string Run(ProbeInput input)
    {
        Func<string, string> read = System.IO.File.ReadAllText;
        Func<string, string?> env = Environment.GetEnvironmentVariable;
        return read(env("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text);
    }
}
