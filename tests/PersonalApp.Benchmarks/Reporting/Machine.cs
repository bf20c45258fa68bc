using System.Globalization;
using System.Runtime.InteropServices;

namespace PersonalApp.Benchmarks.Reporting;

/// <summary>What the figures were measured on: cores, memory, CPU model, runtime, and when.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var kb)
            ? $"{kb / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";
        return string.Join(
            Environment.NewLine,
            $"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC",
            $"- cores (nproc): {Environment.ProcessorCount}",
            $"- memory: {memory}",
            $"- CPU: {cpu}",
            $"- OS: {RuntimeInformation.OSDescription}",
            $"- runtime: {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
    }

    /// <summary>The load averages over 1, 5 and 15 minutes: how busy the machine was with other work around the run.</summary>
    public static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
