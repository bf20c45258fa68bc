// Attack: Subscribes to AppDomain.UnhandledException and TaskScheduler.UnobservedTaskException to watch the host's errors (and the data in them).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

public sealed class UnhandledExceptionHook : IProbe
{
    private static readonly ConcurrentQueue<string> Seen = new();

    public string Run(ProbeInput input)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) => Seen.Enqueue(e.ExceptionObject.ToString() ?? "");
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => Seen.Enqueue(e.Exception.Message);
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            Seen.Enqueue(e.Exception.ToString());
            e.SetObserved();
        };
        return string.Join("\n", Seen);
    }
}
