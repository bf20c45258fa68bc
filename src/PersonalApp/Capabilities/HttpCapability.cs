using System.Text;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Sandbox;

namespace PersonalApp.Capabilities;

/// <summary>
/// <see cref="IPluginHttp"/>: GET only, to hosts on <see cref="CapabilityOptions.HttpAllowedHosts"/>, with a timeout that
/// never outlasts the plugin call and a cap on the body's size. A response that ended up on another host is refused.
/// </summary>
internal sealed class HttpCapability : CapabilityBase, IPluginHttp
{
    private readonly HttpClient _client;
    private readonly IReadOnlyList<HttpHostRule> _hosts;
    private readonly TimeSpan _timeout;
    private readonly int _maxBytes;

    public HttpCapability(PluginVersionKey plugin, string userId, HttpClient client, IReadOnlyList<HttpHostRule> hosts, TimeSpan timeout, int maxBytes, CapabilityUsageRecorder usage)
        : base(CapabilityNames.Http, plugin, userId, usage)
    {
        _client = client;
        _hosts = hosts;
        _timeout = timeout;
        _maxBytes = maxBytes;
    }

    /// <summary>
    /// The in-process plugin's GET, on the plugin call's thread: <see cref="IPluginHttp.GetString"/> is synchronous, so this
    /// path sends synchronously (<see cref="Send"/> is the one place that may wait on a task, for a host-supplied handler
    /// that cannot send synchronously).
    /// </summary>
    public string GetString(string url) => GetString(url, PluginGuard.TimeLeft);

    /// <summary>
    /// A GET bounded by what is left of the plugin call: the in-process call's guard, or for an isolated plugin's
    /// forwarded GET the call's deadline (served on the thread that waits for that call, which the worker waits on too).
    /// </summary>
    public string GetString(string url, TimeSpan? callLeft)
    {
        var uri = Check(url);
        var timeout = Timeout(callLeft);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var response = Send(uri, cancel.Token);
            CheckResponse(response, url);
            var body = Read(response, response.Content.ReadAsStream(cancel.Token), cancel.Token, url);
            Used();
            return body;
        }
        catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
        {
            throw TimedOut(url, timeout, ex);
        }
        catch (HttpRequestException ex)
        {
            throw Refuse($"GET {Shorten(url)} failed: {ex.Message}", ex);
        }
    }

    private Uri Check(string url)
    {
        EnsureInCall();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0)
        {
            throw Refuse($"'{Shorten(url)}' is not an absolute http or https URL (without user name or password).");
        }

        if (!Allowed(uri))
        {
            throw Refuse($"The host '{uri.Authority}' is not on the admin's approved list for HTTP (PersonalizationOptions.Capabilities.HttpAllowedHosts).");
        }

        return uri;
    }

    private TimeSpan Timeout(TimeSpan? callLeft) => callLeft is { } left && left < _timeout ? (left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)) : _timeout;

    private void CheckResponse(HttpResponseMessage response, string url)
    {
        if (response.RequestMessage?.RequestUri is { } final && !Allowed(final))
        {
            throw Refuse($"GET {Shorten(url)} was redirected to '{final.Authority}', which is not on the approved list.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Refuse($"GET {Shorten(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        if (response.Content.Headers.ContentLength is long length && length > _maxBytes)
        {
            throw Refuse($"GET {Shorten(url)} answered {length:N0} bytes, more than the cap of {_maxBytes:N0}.");
        }
    }

    private PluginCapabilityException TimedOut(string url, TimeSpan timeout, Exception inner)
        => Refuse($"GET {Shorten(url)} took longer than {timeout.TotalMilliseconds:N0} ms (the HTTP timeout, or what was left of the plugin call's time).", inner);

    protected override bool IsHeldBy(PluginContext context) => ReferenceEquals(context.Http, this);

    private bool Allowed(Uri uri) => _hosts.Any(h => h.Allows(uri));

    /// <summary>
    /// Sends the GET on this thread. A host-supplied handler without synchronous sends is waited on instead: the one
    /// place that blocks on a task, because <see cref="IPluginHttp.GetString"/> is synchronous and the plugin's thread
    /// must have its answer.
    /// </summary>
    private HttpResponseMessage Send(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            return _client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (NotSupportedException)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).GetAwaiter().GetResult();
        }
    }

    private string Read(HttpResponseMessage response, Stream stream, CancellationToken cancellationToken, string url)
    {
        var buffer = new byte[Math.Min(_maxBytes + 1, 81_920)];
        using var body = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > _maxBytes)
            {
                throw Refuse($"GET {Shorten(url)} answered more than the cap of {_maxBytes:N0} bytes.");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        var encoding = Encoding.UTF8;
        if (response.Content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the best guess.
            }
        }

        return encoding.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    private static string Shorten(string? url) => url is null ? "null" : url.Length > 120 ? url[..120] + "..." : url;
}
