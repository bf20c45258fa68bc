// Attack: Binds Environment.GetEnvironmentVariable to a harmless-looking Func<string, string?> with Delegate.CreateDelegate and calls it.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class DelegateCreateDelegate : IProbe
{
    public string Run(ProbeInput input)
    {
        var method = typeof(Environment).GetMethod(nameof(Environment.GetEnvironmentVariable), [typeof(string)])!;
        var lookup = (Func<string, string?>)Delegate.CreateDelegate(typeof(Func<string, string?>), method);
        return lookup("PERSONALAPP_PLANTED_SECRET") ?? "(none)";
    }
}
