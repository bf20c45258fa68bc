using System.Data.Common;

namespace PersonalApp.Catalog;

/// <summary>
/// The failures a catalog may have in normal operation (a database locked by another process, a full disk, a
/// connection lost), told apart from bugs, and what to do about each. Requests turn them into a PA0603 result.
/// </summary>
internal static class CatalogFailure
{
    /// <summary>Whether <paramref name="exception"/> is the database's or the disk's, not a bug in the caller.</summary>
    public static bool IsExpected(Exception exception) => exception is DbException or IOException or UnauthorizedAccessException;

    /// <summary>What happened to the catalog at <paramref name="location"/>, and what to do, in a sentence or two.</summary>
    public static string Describe(Exception exception, string location)
    {
        var reason = exception.Message.TrimEnd('.');
        if (IsLocked(reason))
        {
            return $"The store at '{location}' is locked ({reason}): another process, or another PersonalApp host, is writing to it. Nothing is wrong with the file: try again in a moment; if it stays locked, find the process that holds it open.";
        }

        if (IsFull(reason))
        {
            return $"The disk holding the store at '{location}' is full ({reason}). Free space on that disk, then try again; nothing already stored was lost.";
        }

        return $"The store at '{location}' could not be read or written ({exception.GetType().Name}: {reason}). Check that it is reachable and the app may write to it, then try again.";
    }

    private static bool IsLocked(string reason)
        => reason.Contains("locked", StringComparison.OrdinalIgnoreCase) || reason.Contains("busy", StringComparison.OrdinalIgnoreCase) || reason.Contains("lock timeout", StringComparison.OrdinalIgnoreCase);

    private static bool IsFull(string reason)
        => reason.Contains("disk is full", StringComparison.OrdinalIgnoreCase) || reason.Contains("no space left", StringComparison.OrdinalIgnoreCase) || reason.Contains("not enough space", StringComparison.OrdinalIgnoreCase);
}
