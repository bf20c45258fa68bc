using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Worker;

/// <summary>
/// The worker's end of the call channel (<see cref="CallFrames"/>): a Unix socket in its scratch folder, opened when the
/// host asks over JSON-RPC, and one thread that reads a call, runs it on that thread and writes its result. A plugin's
/// capability calls go to the host on the same connection from the same thread, each answered before the plugin goes on
/// (<see cref="Ask"/>). Calls come one at a time, so the thread, its buffers and its JSON writer are reused for every
/// call. When the channel breaks the host is gone or has dropped this worker, and the process ends.
/// </summary>
internal sealed class CallChannel
{
    // The host is trusted, but a frame still gets a sane bound before a buffer is sized for it.
    private const int MaxCallBytes = 256 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly WorkerService _service;
    private readonly ArrayBufferWriter<byte> _frame = new(4096);
    private readonly ArrayBufferWriter<byte> _capabilityFrame = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly Utf8JsonWriter _capabilityJson;
    private readonly Func<CapabilityRequest, CapabilityResponse> _ask;
    private byte[] _body = new byte[4096];
    private byte[] _answerBody = new byte[512];

    private CallChannel(Socket socket, WorkerService service)
    {
        _socket = socket;
        _service = service;
        _json = new Utf8JsonWriter(_frame, new JsonWriterOptions { SkipValidation = true });
        _capabilityJson = new Utf8JsonWriter(_capabilityFrame);
        _ask = Ask;
    }

    /// <summary>Connects to the host's socket, presents the secret, and starts serving calls.</summary>
    public static void Open(string path, byte[] secret, WorkerService service)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        var channel = new CallChannel(socket, service);
        CallFrames.Begin(channel._frame, FrameKind.Hello);
        channel._frame.Write(secret);
        socket.Send(CallFrames.End(channel._frame).Span);
        var thread = new Thread(channel.Serve) { IsBackground = true, Name = "PersonalApp call channel" };
        thread.Start();
    }

    private void Serve()
    {
        try
        {
            Span<byte> prefix = stackalloc byte[CallFrames.PrefixBytes];
            while (Receive(prefix))
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
                if (length is < 1 or > MaxCallBytes)
                {
                    break;
                }

                if (_body.Length < length)
                {
                    _body = new byte[Math.Max(length, _body.Length * 2)];
                }

                if (!Receive(_body.AsSpan(0, length)))
                {
                    break;
                }

                _socket.Send(Answer(_body.AsSpan(0, length)).Span);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidDataException)
        {
            Console.Error.WriteLine("worker: the call channel broke: " + ex.Message);
        }

        HostWatchdog.Die();
    }

    private ReadOnlyMemory<byte> Answer(ReadOnlySpan<byte> body)
    {
        var reader = new FrameReader(body);
        if ((FrameKind)reader.ReadByte() != FrameKind.Call)
        {
            throw new InvalidDataException("The host sent a frame that is not a call.");
        }

        var id = reader.ReadInt32();
        var maxResultBytes = reader.ReadInt32();
        var key = reader.ReadString();
        var signature = reader.ReadString();
        CallGrant? grant = null;
        if (reader.ReadByte() == 1)
        {
            var token = reader.ReadString();
            var userId = reader.ReadString();
            var capabilities = new string[reader.ReadByte()];
            for (var i = 0; i < capabilities.Length; i++)
            {
                capabilities[i] = reader.ReadString();
            }

            grant = new CallGrant(token, capabilities, userId);
        }

        _frame.ResetWrittenCount();
        CallFrames.Begin(_frame, FrameKind.Result);
        CallFrames.WriteInt32(_frame, id);
        CallFrames.WriteByte(_frame, (byte)CallOutcome.Completed);
        var header = _frame.WrittenCount;
        _json.Reset(_frame);
        var (outcome, message) = _service.Invoke(key, signature, reader.Rest, grant, _json, _ask);
        _json.Flush();
        if (outcome == CallOutcome.Completed && _frame.WrittenCount - header > maxResultBytes)
        {
            (outcome, message) = (CallOutcome.MemoryBudgetExceeded, $"The plugin's result is {_frame.WrittenCount - header:N0} bytes, more than the {maxResultBytes:N0} a call may send back.");
        }

        if (outcome != CallOutcome.Completed)
        {
            _frame.ResetWrittenCount();
            CallFrames.Begin(_frame, FrameKind.Result);
            CallFrames.WriteInt32(_frame, id);
            CallFrames.WriteByte(_frame, (byte)outcome);
            _frame.Write(Encoding.UTF8.GetBytes(message ?? outcome.ToString()));
        }

        return CallFrames.End(_frame);
    }

    /// <summary>
    /// Sends one capability call of the call in progress to the host and reads its answer, on the plugin's own thread:
    /// the capability interfaces are synchronous, and the host reads the call's channel until the call's result comes,
    /// so nothing else can arrive in between. Throws <see cref="InvalidDataException"/> or <see cref="SocketException"/>
    /// when the channel breaks (the host then drops this worker).
    /// </summary>
    private CapabilityResponse Ask(CapabilityRequest request)
    {
        _capabilityFrame.ResetWrittenCount();
        CallFrames.Begin(_capabilityFrame, FrameKind.Capability);
        _capabilityJson.Reset(_capabilityFrame);
        JsonSerializer.Serialize(_capabilityJson, request, CallFrames.CapabilityJson);
        _capabilityJson.Flush();

        _socket.Send(CallFrames.End(_capabilityFrame).Span);
        Span<byte> prefix = stackalloc byte[CallFrames.PrefixBytes];
        if (!Receive(prefix))
        {
            throw new InvalidDataException("The host closed the channel while a capability call waited for its answer.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length is < 1 or > MaxCallBytes)
        {
            throw new InvalidDataException($"The host sent a capability answer of {length:N0} bytes.");
        }

        if (_answerBody.Length < length)
        {
            _answerBody = new byte[Math.Max(length, _answerBody.Length * 2)];
        }

        var body = _answerBody.AsSpan(0, length);
        if (!Receive(body) || (FrameKind)body[0] != FrameKind.CapabilityAnswer)
        {
            throw new InvalidDataException("The host sent something other than the capability call's answer.");
        }

        return JsonSerializer.Deserialize<CapabilityResponse>(body[1..], CallFrames.CapabilityJson)
            ?? throw new InvalidDataException("The host's capability answer was empty.");
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the host closed the channel before the first byte.</summary>
    private bool Receive(Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var got = _socket.Receive(buffer[read..]);
            if (got == 0)
            {
                return read == 0 ? false : throw new InvalidDataException("The host closed the channel inside a frame.");
            }

            read += got;
        }

        return true;
    }
}
