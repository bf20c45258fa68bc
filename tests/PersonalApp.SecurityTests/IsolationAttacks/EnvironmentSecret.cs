// Attack: Reads the planted secret from the environment (and every other variable).
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class EnvironmentSecret : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        var all = string.Join(";", Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => $"{k}={Environment.GetEnvironmentVariable(k.ToString()!)}"));
        return (Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "none") + " | " + all;
    }
}
