namespace PersonalApp.Capabilities;

/// <summary>
/// A small key-value store kept for one plugin and one user: what one user's feature remembers between calls. It lives
/// in the host's PersonalApp database, survives restarts and new versions of the same plugin, and is bounded by
/// quotas (key length, value size, keys and bytes per plugin and user). Granted as <see cref="CapabilityNames.Storage"/>.
/// </summary>
/// <remarks>Every member throws <see cref="PluginCapabilityException"/> when a quota would be exceeded or the store cannot be used.</remarks>
public interface IPluginStorage
{
    /// <summary>Reads a value.</summary>
    /// <param name="key">The key: 1 to 200 characters.</param>
    /// <returns>The value, or <see langword="null"/> when the key has none.</returns>
    string? Get(string key);

    /// <summary>Writes a value, replacing any earlier one.</summary>
    /// <param name="key">The key: 1 to 200 characters.</param>
    /// <param name="value">The value (at most the value quota, 64 KB by default).</param>
    void Set(string key, string value);

    /// <summary>Removes a value.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when there was a value to remove.</returns>
    bool Remove(string key);

    /// <summary>Adds to a whole-number counter in one step (a missing key counts as 0) and returns the new value.</summary>
    /// <param name="key">The key: 1 to 200 characters. Its value, if any, must be a whole number.</param>
    /// <param name="delta">What to add; negative to subtract.</param>
    /// <returns>The counter's new value.</returns>
    long Increment(string key, long delta = 1);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    /// <param name="prefix">The start of the keys to list; empty for all.</param>
    /// <returns>The keys.</returns>
    IReadOnlyList<string> Keys(string prefix = "");
}
