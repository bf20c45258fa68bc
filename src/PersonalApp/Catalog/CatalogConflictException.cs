namespace PersonalApp.Catalog;

/// <summary>
/// A version no longer had the status a change expected: someone else (another admin, another node) changed it first.
/// Nothing was written. <see cref="PluginLifecycle"/> turns it into a <see cref="PersonalizationException"/> with
/// <see cref="DiagnosticIds.VersionChanged"/>.
/// </summary>
internal sealed class CatalogConflictException : Exception
{
    public CatalogConflictException(PluginVersionKey key, PluginStatus expected, PluginStatus? actual)
        : base($"Plugin version {key} was expected to be {expected} but is {(actual?.ToString() ?? "gone")}; nothing was changed.")
    {
        Key = key;
        Expected = expected;
        Actual = actual;
    }

    public CatalogConflictException()
    {
    }

    public CatalogConflictException(string message)
        : base(message)
    {
    }

    public CatalogConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the version that had changed.</summary>
    public PluginVersionKey? Key { get; }

    /// <summary>Gets the status the change expected.</summary>
    public PluginStatus? Expected { get; }

    /// <summary>Gets the status it had, or <see langword="null"/> when it was gone.</summary>
    public PluginStatus? Actual { get; }
}
