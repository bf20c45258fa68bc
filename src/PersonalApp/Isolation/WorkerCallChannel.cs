using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// The host's end of a worker's call channel (<see cref="CallFrames"/>): a Unix socket the host listens on in the worker's
/// scratch folder (visible inside bubblewrap, where it is bound at the same path), taken only by the worker that presents
/// the secret sent over its private standard input, then removed from the folder. A call is written and its result read
/// on the caller's own thread, with buffers reused from call to call (calls are one at a time per worker); the plugin's
/// capability calls arrive on the same connection while its call runs and are answered from the same thread. Whatever the
/// worker sends is checked before it is believed: a frame over the cap, cut short, of another kind or for another call,
/// or a capability call that is not one, throws <see cref="InvalidDataException"/>, and the worker is then dropped.
/// </summary>
internal sealed class WorkerCallChannel : IDisposable
{
    private const string SocketName = "calls.sock";

    // The longest path a Unix socket address holds on Linux (sun_path is 108 bytes with its terminating zero).
    private const int MaxSocketPath = 107;

    // The worker has connected and sent its secret before it answers the connect request, so this is only a backstop.
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly long _maxFrameBytes;
    private readonly ArrayBufferWriter<byte> _frame = new(1024);
    private readonly Utf8JsonWriter _json;
    private byte[] _body = new byte[1024];
    private int _lastId;

    internal WorkerCallChannel(Socket socket, long maxFrameBytes)
    {
        _socket = socket;
        _maxFrameBytes = maxFrameBytes;
        _json = new Utf8JsonWriter(_frame, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>
    /// Listens in <paramref name="scratch"/>, asks the worker to connect (<paramref name="connect"/>: the path and the
    /// secret, over JSON-RPC), and takes its connection once it presents the secret.
    /// </summary>
    public static async Task<WorkerCallChannel> OpenAsync(string scratch, long maxFrameBytes, Func<string, string, Task> connect)
    {
        var path = Path.Combine(scratch, SocketName);
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPath)
        {
            throw new IOException($"The worker's call socket path '{path}' is longer than the {MaxSocketPath} bytes a Unix socket address holds; set Isolation.WorkDirectory to a shorter folder.");
        }

        var secret = RandomNumberGenerator.GetBytes(CallFrames.SecretBytes);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Socket? socket = null;
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);

            // The worker connects and sends the secret before its answer; the connection waits in the backlog meanwhile.
            await connect(path, Convert.ToBase64String(secret)).ConfigureAwait(false);

            // Accepted synchronously, and read only synchronously after: a socket that ever ran an asynchronous operation
            // is switched to non-blocking in .NET, and its synchronous reads then wait through the event loop's thread.
            if (!listener.Poll(HelloTimeout, SelectMode.SelectRead))
            {
                throw new IOException("The worker did not connect to its call socket.");
            }

            socket = listener.Accept();
            if (!socket.Poll(HelloTimeout, SelectMode.SelectRead))
            {
                throw new IOException("The worker did not present its secret on its call socket.");
            }

            var hello = new WorkerCallChannel(socket, CallFrames.SecretBytes + 1).ReceiveFrame();
            if (hello.Length != CallFrames.SecretBytes + 1 || (FrameKind)hello[0] != FrameKind.Hello || !CryptographicOperations.FixedTimeEquals(hello[1..], secret))
            {
                throw new InvalidDataException("The process that took the worker's call socket did not present the worker's secret.");
            }

            return new WorkerCallChannel(socket, maxFrameBytes);
        }
        catch
        {
            socket?.Dispose();
            throw;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Writes a call into the channel's buffer (nothing is sent yet); returns its id.</summary>
    public int Prepare(string key, RemoteMethod method, object?[]? arguments, int maxResultBytes, CallGrant? grant)
    {
        var id = ++_lastId;
        _frame.ResetWrittenCount();
        CallFrames.Begin(_frame, FrameKind.Call);
        CallFrames.WriteInt32(_frame, id);
        CallFrames.WriteInt32(_frame, maxResultBytes);
        CallFrames.WriteString(_frame, key);
        CallFrames.WriteString(_frame, method.Signature);
        CallFrames.WriteByte(_frame, grant is null ? (byte)0 : (byte)1);
        if (grant is not null)
        {
            CallFrames.WriteString(_frame, grant.Token);
            CallFrames.WriteString(_frame, grant.UserId);
            CallFrames.WriteByte(_frame, checked((byte)grant.Capabilities.Count));
            foreach (var capability in grant.Capabilities)
            {
                CallFrames.WriteString(_frame, capability);
            }
        }

        // The arguments are serialized once, straight into the frame.
        _json.Reset(_frame);
        _json.WriteStartArray();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            JsonSerializer.Serialize(_json, arguments?[i], method.Parameters[i], RemotePluginProxy.Json);
        }

        _json.WriteEndArray();
        _json.Flush();
        return id;
    }

    /// <summary>Sends the call <see cref="Prepare"/> wrote.</summary>
    public void Send()
    {
        var frame = CallFrames.End(_frame).Span;
        while (!frame.IsEmpty)
        {
            frame = frame[_socket.Send(frame)..];
        }
    }

    /// <summary>
    /// Reads the result of call <paramref name="id"/>, answering the capability calls the worker makes meanwhile with
    /// <paramref name="serve"/> (on this thread, one at a time, each answered before the worker goes on; without
    /// <paramref name="serve"/> a capability call breaks the protocol). Throws <see cref="InvalidDataException"/> when
    /// the worker broke the protocol.
    /// </summary>
    public RemoteReply Receive(int id, Type? returnType, Func<CapabilityRequest, CapabilityResponse>? serve)
    {
        var frame = ReceiveFrame();
        while (frame[0] == (byte)FrameKind.Capability && serve is not null)
        {
            Answer(serve, frame[1..]);
            frame = ReceiveFrame();
        }

        var reader = new FrameReader(frame);
        if (reader.ReadByte() is var kind && kind != (byte)FrameKind.Result)
        {
            throw new InvalidDataException($"The worker sent a frame of unknown kind {kind} where a call's result belongs.");
        }

        if (reader.ReadInt32() is var answered && answered != id)
        {
            throw new InvalidDataException($"The worker answered call {answered} while call {id} was in progress.");
        }

        var outcome = (CallOutcome)reader.ReadByte();
        if (!Enum.IsDefined(outcome))
        {
            throw new InvalidDataException($"The worker sent an unknown outcome {(byte)outcome}.");
        }

        if (outcome != CallOutcome.Completed)
        {
            return new RemoteReply(outcome, null, Encoding.UTF8.GetString(reader.Rest));
        }

        try
        {
            return new RemoteReply(outcome, returnType is null ? null : JsonSerializer.Deserialize(reader.Rest, returnType, RemotePluginProxy.Json), null);
        }
        catch (JsonException ex)
        {
            return new RemoteReply(CallOutcome.Faulted, null, "The plugin's result could not be read back from its worker: " + ex.Message);
        }
    }

    /// <summary>Reads one capability call (JSON the worker wrote, so checked like any of its frames), serves it and sends the answer.</summary>
    private void Answer(Func<CapabilityRequest, CapabilityResponse> serve, ReadOnlySpan<byte> json)
    {
        CapabilityRequest request;
        try
        {
            request = JsonSerializer.Deserialize<CapabilityRequest>(json, CallFrames.CapabilityJson)
                ?? throw new InvalidDataException("The worker sent an empty capability call.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The worker sent a capability call that is not one: " + ex.Message, ex);
        }

        var answer = serve(request);
        _frame.ResetWrittenCount();
        CallFrames.Begin(_frame, FrameKind.CapabilityAnswer);
        _json.Reset(_frame);
        JsonSerializer.Serialize(_json, answer, CallFrames.CapabilityJson);
        _json.Flush();
        Send();
    }

    /// <summary>Unblocks a caller waiting on the channel and closes it. Safe from any thread, more than once.</summary>
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
    }

    /// <summary>Reads one frame's body into the channel's buffer, checking its length against the cap before reading it.</summary>
    private ReadOnlySpan<byte> ReceiveFrame()
    {
        Span<byte> prefix = stackalloc byte[CallFrames.PrefixBytes];
        ReceiveExactly(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 1 || length > _maxFrameBytes)
        {
            throw new InvalidDataException($"The worker sent a frame of {length:N0} bytes; a frame may hold 1 to {_maxFrameBytes:N0}.");
        }

        if (_body.Length < length)
        {
            _body = new byte[Math.Max(length, Math.Min(_body.Length * 2, _maxFrameBytes))];
        }

        var body = _body.AsSpan(0, length);
        ReceiveExactly(body);
        return body;
    }

    private void ReceiveExactly(Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var got = _socket.Receive(buffer[read..]);
            if (got == 0)
            {
                throw new InvalidDataException(read == 0 && buffer.Length == CallFrames.PrefixBytes
                    ? "The worker closed its call channel."
                    : "The worker's frame was cut short: the channel closed inside it.");
            }

            read += got;
        }
    }
}
