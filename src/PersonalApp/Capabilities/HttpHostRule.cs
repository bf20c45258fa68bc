namespace PersonalApp.Capabilities;

/// <summary>One entry of the approved host list: a host name (any port) or a host and port.</summary>
internal sealed record HttpHostRule(string Host, int? Port)
{
    public static HttpHostRule? Parse(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry) || entry.Contains('/', StringComparison.Ordinal) || entry.Contains('*', StringComparison.Ordinal) || entry.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        // Let Uri parse it, so IPv6 literals and ports are read the way requests will be.
        if (!Uri.TryCreate("http://" + entry.Trim(), UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || string.IsNullOrEmpty(uri.IdnHost))
        {
            return null;
        }

        var explicitPort = entry.Trim().EndsWith(":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return new HttpHostRule(uri.IdnHost.ToLowerInvariant(), explicitPort ? uri.Port : null);
    }

    public bool Allows(Uri uri)
        => string.Equals(uri.IdnHost, Host, StringComparison.OrdinalIgnoreCase) && (Port is null || Port == uri.Port);
}
