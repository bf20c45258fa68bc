// Attack: Redirects the host's Console output to a writer it controls with Console.SetOut, capturing (and swallowing) everything the host prints.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.IO;

public sealed class ConsoleSetOut : IProbe
{
    private static readonly StringWriter Captured = new();

    public string Run(ProbeInput input)
    {
        Console.SetOut(Captured);
        Console.SetError(Captured);
        return Captured.ToString();
    }
}
