namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// The process's memory after full, compacting collections: the managed heap (what a leak of plugin objects or load
/// contexts grows), the working set (which also holds JIT-compiled code and loaded images) and the number of loaded assemblies.
/// </summary>
internal readonly record struct MemorySnapshot(long ManagedBytes, long WorkingSetBytes, int Assemblies)
{
    public static MemorySnapshot Take()
    {
        Collect();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet, AppDomain.CurrentDomain.GetAssemblies().Length);
    }

    public static void Collect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    public static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
