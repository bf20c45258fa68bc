using System.Globalization;
using System.Text;

namespace PersonalApp.Catalog;

/// <summary>
/// The storage capability's rules, one home for every data store: what a value may hold, the quotas, and how a counter
/// grows. A store measures what it keeps and writes inside its transaction; these decide.
/// </summary>
internal static class StorageRules
{
    /// <summary>Why one value is too large for the quota, or <see langword="null"/>.</summary>
    public static string? ValueProblem(string key, string value, StorageQuota quota)
    {
        var valueBytes = Encoding.UTF8.GetByteCount(value);
        return valueBytes > quota.MaxValueBytes
            ? $"the value for '{key}' is {valueBytes:N0} bytes; one value may hold at most {quota.MaxValueBytes:N0}"
            : null;
    }

    /// <summary>
    /// Why writing <paramref name="key"/> would break the quotas, given what the plugin keeps for the user besides that
    /// key (<paramref name="otherKeys"/>, <paramref name="otherBytes"/> of keys and values in UTF-8), or <see langword="null"/>.
    /// </summary>
    public static string? QuotaProblem(string key, string value, StorageQuota quota, int otherKeys, long otherBytes)
    {
        if (otherKeys + 1 > quota.MaxKeys)
        {
            return $"this plugin already keeps {otherKeys:N0} keys for this user, the most allowed; remove some first";
        }

        var total = otherBytes + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        return total > quota.MaxBytes
            ? $"this would make {total:N0} bytes kept for this user, over the quota of {quota.MaxBytes:N0}; remove some keys first"
            : null;
    }

    /// <summary>The counter's next value from its stored text (absent is 0), or why it cannot be incremented.</summary>
    public static (long After, string? Problem) Increment(string? current, string key, long delta)
    {
        long before = 0;
        if (current is not null && !long.TryParse(current, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out before))
        {
            return (0, $"the value of '{key}' is not a whole number, so it cannot be incremented");
        }

        try
        {
            return (checked(before + delta), null);
        }
        catch (OverflowException)
        {
            return (0, $"'{key}' would overflow a 64-bit whole number");
        }
    }
}
