// Attack: Takes a process-wide lock on typeof(string), a shared object any code may lock, and holds it, deadlocking whoever locks it next.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class LockTypeofString : IProbe
{
    public string Run(ProbeInput input)
    {
        lock (typeof(string))
        {
            lock (string.Empty)
            {
                long n = 0;
                while (n >= 0)
                {
                    n++;
                }

                return n.ToString();
            }
        }
    }
}
