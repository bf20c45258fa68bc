namespace PersonalApp.Catalog;

/// <summary>
/// Tells a node that a catalog it shares with other nodes changed: a plugin's status or audience, or possibly anything
/// (after a lost connection, when notices may have been missed). The runtime reconciles what is live here with what the
/// catalog says; it never learns which database sent the notice. An embedded catalog has no feed: one process owns it.
/// </summary>
internal interface ICatalogChangeFeed
{
    /// <summary>
    /// Reads notices until <paramref name="cancellationToken"/> is cancelled. A feed reconnects by itself and yields
    /// <see cref="CatalogNotice.Everything"/> after each (re)connection, because changes made while it was away were not heard.
    /// </summary>
    IAsyncEnumerable<CatalogNotice> ReadAsync(CancellationToken cancellationToken);
}
