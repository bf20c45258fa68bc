using System.Diagnostics;
using System.Globalization;

namespace PersonalApp.Isolation;

/// <summary>
/// Removes the isolation work folders (the worker image and scratch folders, a few MB each) that hosts killed before
/// they could clean up left in the temp folder. Only folders whose owning process is gone are touched: the owner's
/// process id is in the folder's name, and a live process with that id that started after the folder was last written
/// to is a reused id, not the owner.
/// </summary>
internal static class StaleWorkFolders
{
    public const string Prefix = "personalapp-isolation-";

    /// <summary>The default work folder of this process: <c>personalapp-isolation-{pid}-{random}</c> in <paramref name="parent"/>.</summary>
    public static string NewFolder(string parent) => Path.Combine(parent, $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>Deletes the stale work folders in <paramref name="parent"/>; returns how many were deleted.</summary>
    public static int Clean(string parent)
    {
        var deleted = 0;
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(parent, Prefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId || OwnerAlive(pid, folder))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or still in use: leave it.
            }
        }

        return deleted;
    }

    private static bool OwnerAlive(int pid, string folder)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            // A process that started after the folder was last written to cannot be the one that wrote it.
            return process.StartTime.ToUniversalTime() <= Directory.GetLastWriteTimeUtc(folder).AddSeconds(5);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Cannot tell: assume it is alive and leave its folder.
            return true;
        }
    }
}
