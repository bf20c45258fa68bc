// Attack: Changes the host thread it runs on (Priority = Highest, CurrentUICulture), state that stays with the pooled thread after the call.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Globalization;
using System.Threading;

public sealed class ThreadPriorityChange : IProbe
{
    public string Run(ProbeInput input)
    {
        Thread current = Thread.CurrentThread;
        current.Priority = ThreadPriority.Highest;
        current.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        return current.ManagedThreadId.ToString();
    }
}
