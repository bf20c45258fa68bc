using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// The floor under an isolated call: a round trip of a length-prefixed message to a child process that echoes it, with no
/// PersonalApp protocol at all. Over a Unix socket, as the worker's call channel, read and written on the caller's thread
/// and on one echo thread in the child, as the channel is; and over the child's standard input and output (anonymous
/// pipes), the kind of pipe the JSON-RPC channel uses. The child is this program (<c>--child raw-echo PATH</c>).
/// </summary>
internal sealed class RawEcho : IDisposable
{
    public const string Child = "raw-echo";

    /// <summary>About the size of a call frame of the small rule (key, signature, an order as JSON).</summary>
    private const int MessageBytes = 160;

    private readonly Process _process;
    private readonly Socket _socket;
    private readonly byte[] _message = new byte[4 + MessageBytes];
    private readonly byte[] _answer = new byte[4 + MessageBytes];
    private readonly Stream _toChild;
    private readonly Stream _fromChild;
    private readonly string _folder;

    private RawEcho(Process process, Socket socket, string folder)
    {
        _process = process;
        _socket = socket;
        _folder = folder;
        _toChild = process.StandardInput.BaseStream;
        _fromChild = process.StandardOutput.BaseStream;
        BinaryPrimitives.WriteInt32LittleEndian(_message, MessageBytes);
        Random.Shared.NextBytes(_message.AsSpan(4));
    }

    public static RawEcho Start()
    {
        var folder = Directory.CreateTempSubdirectory("pa-echo-").FullName;
        var path = Path.Combine(folder, "echo.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var start = new ProcessStartInfo { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(RawEcho).Assembly.Location);
        }

        foreach (var argument in new[] { "--child", Child, path })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The echo child did not start.");
        // Accepted synchronously, as the call channel does: a socket that ran an asynchronous operation turns non-blocking.
        if (!listener.Poll(TimeSpan.FromSeconds(30), SelectMode.SelectRead))
        {
            process.Kill();
            throw new InvalidOperationException("The echo child did not connect.");
        }

        return new RawEcho(process, listener.Accept(), folder);
    }

    /// <summary>One round trip over the Unix socket; returns the first byte echoed (so the work is not optimized away).</summary>
    public byte SocketRoundTrip()
    {
        _socket.Send(_message);
        Fill(_answer, b => _socket.Receive(b));
        return _answer[4];
    }

    /// <summary>One round trip over the child's standard input and output.</summary>
    public byte PipeRoundTrip()
    {
        _toChild.Write(_message);
        _toChild.Flush();
        Fill(_answer, b => _fromChild.Read(b));
        return _answer[4];
    }

    public void Dispose()
    {
        _socket.Dispose();
        _toChild.Dispose();
        _process.WaitForExit(5_000);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>In the child: echoes every message on the socket (one thread) and on standard input (another) until both close.</summary>
    public static int RunChild(string[] arguments)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(arguments[0]));
        var input = Console.OpenStandardInput();
        var output = Console.OpenStandardOutput();
        var overSocket = new Thread(() => Echo(b => socket.Receive(b), b => socket.Send(b))) { Name = "socket echo" };
        var overPipes = new Thread(() => Echo(b => input.Read(b), b =>
        {
            output.Write(b);
            output.Flush();
            return b.Length;
        }))
        { Name = "pipe echo" };
        overSocket.Start();
        overPipes.Start();
        overSocket.Join();
        overPipes.Join();
        return 0;
    }

    private static void Echo(SpanReader read, SpanWriter write)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                Fill(buffer.AsSpan(0, 4), read);
                var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
                Fill(buffer.AsSpan(4, length), read);
                write(buffer.AsSpan(0, 4 + length));
            }
        }
        catch (EndOfStreamException)
        {
            // The parent is done.
        }
        catch (SocketException)
        {
            // The parent is done.
        }
    }

    private static void Fill(Span<byte> buffer, SpanReader read)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = read(buffer[got..]);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            got += n;
        }
    }

    private delegate int SpanReader(Span<byte> buffer);

    private delegate int SpanWriter(ReadOnlySpan<byte> buffer);
}
