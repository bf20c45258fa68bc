using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a port the system picks), for the HTTP capability's tests: no real network.
/// Each request is answered by <see cref="Respond"/> from its path; <see cref="Hold"/> makes it wait until the test ends.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _paths = [];
    private readonly Task _loop;

    public LoopbackHttpServer(Func<string, (int Status, string Body, string? Location)> respond)
    {
        Respond = respond;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Func<string, (int Status, string Body, string? Location)> Respond { get; }

    /// <summary>Gets or sets a value indicating whether requests wait (without an answer) until the server is disposed.</summary>
    public bool Hold { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets the authority to put on the approved list: <c>127.0.0.1:port</c>.</summary>
    public string Authority => $"127.0.0.1:{Port}";

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_paths)
            {
                return [.. _paths];
            }
        }
    }

    public string Url(string path) => $"http://{Authority}{path}";

    public async ValueTask DisposeAsync()
    {
        _held.TrySetResult();
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    // Headers are not needed.
                }

                var path = requestLine.Split(' ') is [_, var p, ..] ? p : "/";
                lock (_paths)
                {
                    _paths.Add(path);
                }

                if (Hold)
                {
                    await _held.Task.WaitAsync(_stop.Token);
                    return;
                }

                var (status, body, location) = Respond(path);
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = new StringBuilder()
                    .Append("HTTP/1.1 ").Append(status).Append(' ').Append(status switch { 200 => "OK", 302 => "Found", 404 => "Not Found", _ => "Status" }).Append("\r\n")
                    .Append("Content-Type: text/plain; charset=utf-8\r\n")
                    .Append("Content-Length: ").Append(bytes.Length).Append("\r\n")
                    .Append(location is null ? string.Empty : $"Location: {location}\r\n")
                    .Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server stopped.
            }
        }
    }
}
