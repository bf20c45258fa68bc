using System.Globalization;

namespace PersonalApp.Runtime;

/// <summary>
/// How many collectible load contexts one process can hold. Each takes about seven memory mappings, and Linux allows
/// <c>vm.max_map_count</c> of them per process (65,530 by default): past that the runtime cannot map code for the next
/// context and the process fails. Plugins load only on their users' first <c>GetAll</c>, and the runtime unloads the
/// least recently handed out past this many (<see cref="PersonalizationOptions.MaxLoadedInProcess"/>); a catalog whose
/// in-process plugins could not all be held at once is named at start-up, since its users will see those reloads.
/// </summary>
internal static class LoadContextCapacity
{
    /// <summary>The memory mappings counted per load context: about seven measured, with room.</summary>
    public const int MappingsPerContext = 8;

    /// <summary>The mappings left for the rest of a .NET host (runtime, JIT, native libraries, thread stacks).</summary>
    public const int ReservedMappings = 10_000;

    /// <summary>How many load contexts fit under a <c>vm.max_map_count</c> of <paramref name="maxMapCount"/>; null when unknown.</summary>
    public static int? Of(long? maxMapCount) => maxMapCount is { } max ? (int)Math.Clamp((max - ReservedMappings) / MappingsPerContext, 0, int.MaxValue) : null;

    /// <summary>The kernel's <c>vm.max_map_count</c>, or null off Linux or when it cannot be read.</summary>
    public static long? ReadMaxMapCount()
    {
        try
        {
            return OperatingSystem.IsLinux() && long.TryParse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What to tell the operator when <paramref name="inProcess"/> active plugins could not all be loaded at once, or null.</summary>
    public static string? Warning(int inProcess, long? maxMapCount)
    {
        if (Of(maxMapCount) is not { } capacity || inProcess <= capacity)
        {
            return null;
        }

        var needed = ((long)inProcess * MappingsPerContext) + ReservedMappings;
        return $"The catalog holds {inProcess:N0} active plugins placed in process; this process can hold about {capacity:N0} load contexts " +
            $"(vm.max_map_count is {maxMapCount:N0}). Each user's plugins load on their first GetAll, and past that many the ones handed out least recently " +
            $"are unloaded and load again on their next use (PersonalizationOptions.MaxLoadedInProcess), which makes those uses slower. To keep them all loaded, " +
            $"raise it (sysctl -w vm.max_map_count={needed.ToString(CultureInfo.InvariantCulture)}) and set MaxLoadedInProcess, place plugins in the isolated worker, or spread users over more hosts.";
    }
}
