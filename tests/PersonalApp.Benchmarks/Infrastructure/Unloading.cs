namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>Collects garbage until weakly held load contexts are gone, as unloading a collectible context requires.</summary>
internal static class Unloading
{
    /// <summary>Runs up to ten rounds of full collections (the architecture notes' recipe); true when the object was collected.</summary>
    public static bool WaitUntilCollected(WeakReference reference)
    {
        for (var round = 0; round < 10 && reference.IsAlive; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }

    /// <summary>How many of the handles still point at a live object after up to ten rounds of full collections.</summary>
    public static int CountAlive(IReadOnlyCollection<WeakReference> references)
    {
        for (var round = 0; round < 10 && references.Any(r => r.IsAlive); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return references.Count(r => r.IsAlive);
    }
}
