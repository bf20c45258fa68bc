namespace PersonalApp.Tests.TestUtilities;

/// <summary>Collects garbage until a weakly held object is gone, as unloading a collectible load context requires.</summary>
internal static class Unloading
{
    /// <summary>Runs up to ten rounds of full collections; true when the object was collected.</summary>
    public static bool IsCollected(WeakReference reference)
    {
        for (var round = 0; round < 10 && reference.IsAlive; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }
}
