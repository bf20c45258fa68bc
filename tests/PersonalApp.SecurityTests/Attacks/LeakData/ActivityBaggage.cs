// Attack: Reads ambient host context of the current request: Activity.Current tags and baggage, and Thread.CurrentPrincipal.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Diagnostics;
using System.Linq;
using System.Threading;

public sealed class ActivityBaggage : IProbe
{
    public string Run(ProbeInput input)
    {
        var activity = Activity.Current;
        var baggage = activity is null ? "" : string.Join(';', activity.Baggage.Concat(activity.Tags).Select(kv => kv.Key + "=" + kv.Value));
        return baggage + " | principal=" + Thread.CurrentPrincipal?.Identity?.Name;
    }
}
