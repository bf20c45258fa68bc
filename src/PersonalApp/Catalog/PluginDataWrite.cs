namespace PersonalApp.Catalog;

/// <summary>
/// One write to one plugin's data for one user, inside the store's transaction (and, where the store needs it, its lock
/// on that plugin and user): the steps <see cref="PluginDataStore"/> composes into Set, Remove and Increment. Disposing
/// without <see cref="Commit"/> writes nothing.
/// </summary>
internal abstract class PluginDataWrite : IDisposable
{
    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public abstract string? Read(string key);

    /// <summary>How many keys and bytes (UTF-8 of keys and values) the plugin keeps for the user besides <paramref name="key"/>.</summary>
    public abstract (int Keys, long Bytes) MeasureOthers(string key);

    public abstract void Upsert(string key, string value);

    /// <summary>Deletes <paramref name="key"/>; <see langword="true"/> when it was there.</summary>
    public abstract bool Delete(string key);

    public abstract void Commit();

    public abstract void Dispose();
}
