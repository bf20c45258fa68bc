// Attack: Loops forever inside try { } catch { }, swallowing every exception, including the one a runtime guard throws to stop it.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class SwallowEveryException : IProbe
{
    public string Run(ProbeInput input)
    {
        long spins = 0;
        while (true)
        {
            try
            {
                while (true)
                {
                    spins++;
                }
            }
            catch
            {
                // A guard's "time is up" exception lands here and the outer loop starts over.
            }

            try
            {
                Burn(ref spins);
            }
            catch (Exception)
            {
            }
        }
    }

    private static void Burn(ref long spins)
    {
        for (int i = 0; i < int.MaxValue; i++)
        {
            spins += i;
        }
    }
}
