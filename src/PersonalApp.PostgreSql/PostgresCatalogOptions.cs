namespace PersonalApp.PostgreSql;

/// <summary>How a node uses the shared PostgreSQL catalog; set through <c>UsePostgres(..., o => ...)</c>.</summary>
public sealed class PostgresCatalogOptions
{
    /// <summary>
    /// Gets or sets the PostgreSQL schema that holds PersonalApp's tables (created if missing), so the catalog can live in
    /// the host's own database without touching its tables. Lower-case letters, digits and underscores. Default <c>personalapp</c>.
    /// </summary>
    public string Schema { get; set; } = "personalapp";

    /// <summary>
    /// Gets or sets how often a node compares what it has live with the catalog even when it heard nothing: a safety net
    /// under LISTEN/NOTIFY. Default 30 seconds.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait between attempts to reconnect the listening connection (it doubles from 100 ms). Default 10 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the listening connection may stay silent before it is checked with a round trip. Default 15 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(Schema) || Schema.Length > 48 || !(char.IsAsciiLetterLower(Schema[0]) || Schema[0] == '_') || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            yield return $"PostgresCatalogOptions.Schema '{Schema}' is not a plain schema name: use 1 to 48 lower-case letters, digits and underscores, starting with a letter or underscore, for example 'personalapp'.";
        }

        if (ResyncInterval < TimeSpan.FromSeconds(1) || ResyncInterval > TimeSpan.FromHours(1))
        {
            yield return $"PostgresCatalogOptions.ResyncInterval is {ResyncInterval}: use a value from 1 second to 1 hour.";
        }

        if (MaxReconnectDelay < TimeSpan.FromMilliseconds(100) || MaxReconnectDelay > TimeSpan.FromMinutes(5))
        {
            yield return $"PostgresCatalogOptions.MaxReconnectDelay is {MaxReconnectDelay}: use a value from 100 milliseconds to 5 minutes.";
        }

        if (KeepAliveInterval < TimeSpan.FromSeconds(1) || KeepAliveInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"PostgresCatalogOptions.KeepAliveInterval is {KeepAliveInterval}: use a value from 1 second to 10 minutes.";
        }
    }
}
