// Attack: Installs its own SynchronizationContext on the host's thread, so the host's later await continuations run through plugin code.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class SynchronizationContextHijack : IProbe
{
    public string Run(ProbeInput input)
    {
        SynchronizationContext.SetSynchronizationContext(new Hijacker());
        return input.Text;
    }

    private sealed class Hijacker : SynchronizationContext
    {
        // Every continuation the host posts is dropped: its awaits never resume.
        public override void Post(SendOrPostCallback d, object? state)
        {
        }
    }
}
