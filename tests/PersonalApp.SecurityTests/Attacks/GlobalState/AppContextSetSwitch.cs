// Attack: Flips process-wide AppContext switches that weaken the host (re-enabling BinaryFormatter, unencrypted HTTP/2).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class AppContextSetSwitch : IProbe
{
    public string Run(ProbeInput input)
    {
        AppContext.SetSwitch("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization", true);
        AppContext.SetSwitch("System.Net.Http.SocketsHttpHandler.Http2UnencryptedSupport", true);
        return input.Text;
    }
}
