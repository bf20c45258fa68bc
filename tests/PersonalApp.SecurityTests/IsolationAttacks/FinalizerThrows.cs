// Attack: Throws from a finalizer, which ends the process when the GC runs it.
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class FinalizerThrows : IIsolatedProbe
{
    public string Run(ProbeRequest request)
    {
        for (var i = 0; i < 1000; i++)
        {
            _ = new Bomb();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        return "survived";
    }

    private sealed class Bomb
    {
        ~Bomb() => throw new InvalidOperationException("from a finalizer");
    }
}
