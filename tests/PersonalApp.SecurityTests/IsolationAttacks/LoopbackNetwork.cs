// Attack: Connects to a service on the host's loopback (%PORT%, a listener the test opens) and reads what it says.
using System.IO;
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class LoopbackNetwork : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        client.Connect("127.0.0.1", %PORT%);
        using var reader = new StreamReader(client.GetStream());
        return reader.ReadLine() ?? "nothing";
    }
}
