// Attack: Dumps every environment variable of the host (the planted secret among them) with Environment.GetEnvironmentVariables().
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Collections;
using System.Text;

public sealed class EnvironmentVariablesDump : IProbe
{
    public string Run(ProbeInput input)
    {
        var sb = new StringBuilder();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            sb.Append(entry.Key).Append('=').Append(entry.Value).Append('\n');
        }

        return sb.ToString();
    }
}
