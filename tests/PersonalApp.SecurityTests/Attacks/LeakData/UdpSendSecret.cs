// Attack: Fires the planted secret at 127.0.0.1:9 in a UDP datagram with UdpClient, no connection needed.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Net.Sockets;
using System.Text;

public sealed class UdpSendSecret : IProbe
{
    public string Run(ProbeInput input)
    {
        var secret = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? input.Text;
        using var udp = new UdpClient();
        var bytes = Encoding.UTF8.GetBytes(secret);
        return udp.Send(bytes, bytes.Length, "127.0.0.1", 9).ToString();
    }
}
