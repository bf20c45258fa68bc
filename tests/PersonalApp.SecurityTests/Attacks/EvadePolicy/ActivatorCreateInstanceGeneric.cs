// Attack: Creates a forbidden type through Activator.CreateInstance<T>() (an HttpClient) and fetches from http://127.0.0.1:9/ with it.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class ActivatorCreateInstanceGeneric : IProbe
{
    public string Run(ProbeInput input)
    {
        var client = Activator.CreateInstance<System.Net.Http.HttpClient>();
        var text = client.GetStringAsync("http://127.0.0.1:9/" + input.Text).GetAwaiter().GetResult();
        return new string(text.Take(1000).ToArray());
    }
}
