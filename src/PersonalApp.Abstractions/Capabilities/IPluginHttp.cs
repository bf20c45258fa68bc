namespace PersonalApp.Capabilities;

/// <summary>
/// HTTP GET to the hosts on the admin's approved list, with a timeout and a size cap; no other method, no redirects to
/// other hosts. Granted as <see cref="CapabilityNames.Http"/>, and off unless granted.
/// </summary>
public interface IPluginHttp
{
    /// <summary>Gets a resource as text.</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL whose host is on the approved list.</param>
    /// <returns>The response body, decoded as UTF-8 unless the response names another charset.</returns>
    /// <exception cref="PluginCapabilityException">
    /// The host is not approved, the response is not a success, it is larger than the size cap, or it took longer than the timeout.
    /// </exception>
    string GetString(string url);
}
