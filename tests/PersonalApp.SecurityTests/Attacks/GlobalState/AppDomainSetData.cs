// Attack: Rewrites process-wide AppContext data with AppDomain.CurrentDomain.SetData (base directory, regex default timeout) that host code reads later.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class AppDomainSetData : IProbe
{
    public string Run(ProbeInput input)
    {
        AppDomain.CurrentDomain.SetData("APP_CONTEXT_BASE_DIRECTORY", "/tmp/attacker/");
        AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromDays(1));
        return input.Text;
    }
}
