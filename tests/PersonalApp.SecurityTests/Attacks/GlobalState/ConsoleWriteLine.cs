// Attack: Writes to the host's standard output with Console.WriteLine, corrupting stdio protocols (LSP, MCP, JSON-RPC) and logs.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ConsoleWriteLine : IProbe
{
    public string Run(ProbeInput input)
    {
        Console.WriteLine("Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\",\"params\":null}");
        Console.Out.Flush();
        return input.Text;
    }
}
