using System.Diagnostics;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// Waits for a condition another task makes true (for example, that the model has been called). Not a timing assertion:
/// the bound only keeps a broken test from hanging.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > Bound)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
