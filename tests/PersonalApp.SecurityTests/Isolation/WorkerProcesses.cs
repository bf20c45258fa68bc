using System.Globalization;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>Finds live worker processes (and the bubblewrap around them) whose command line names a folder, from /proc.</summary>
internal static class WorkerProcesses
{
    /// <summary>The live processes running PersonalApp.Worker.dll from under <paramref name="folder"/>: pid and command line.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Under(string folder)
    {
        var found = new List<(int, string)>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (File.ReadAllText(Path.Combine(dir, "stat")).Split(')')[^1].TrimStart().StartsWith('Z'))
                {
                    continue; // A zombie has ended; only its exit status is left for its parent to collect.
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // Gone meanwhile.
            }

            if (commandLine.Contains("PersonalApp.Worker.dll", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal))
            {
                found.Add((pid, commandLine));
            }
        }

        return found;
    }

    /// <summary>Waits until no worker under <paramref name="folder"/> is alive, up to <paramref name="limit"/>; returns what is left.</summary>
    public static async Task<IReadOnlyList<(int Pid, string CommandLine)>> GoneAsync(string folder, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var left = Under(folder);
        while (left.Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            left = Under(folder);
        }

        return left;
    }
}
