using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using PersonalApp.Isolation;
using PersonalApp.Worker.Protocol;
using Xunit;

namespace PersonalApp.Tests.Isolation;

/// <summary>
/// The host's end of the call channel against a scripted worker end (a connected Unix socket in this process): what a
/// call frame holds, and that every answer is checked before it is believed. Through real workers:
/// PersonalApp.SecurityTests' CallChannelTests.
/// </summary>
public sealed class WorkerCallChannelTests : IDisposable
{
    private const int Cap = 4096;

    private static readonly RemoteMethod Apply = RemoteMethod.For(typeof(IPricing).GetMethod(nameof(IPricing.Apply))!);

    private readonly string _folder = Directory.CreateTempSubdirectory("pa-channel-").FullName;
    private readonly Socket _worker;
    private readonly WorkerCallChannel _channel;

    public WorkerCallChannelTests()
    {
        var path = Path.Combine(_folder, "calls.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        _worker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _worker.Connect(new UnixDomainSocketEndPoint(path));
        _channel = new WorkerCallChannel(listener.Accept(), Cap);
    }

    public interface IPricing
    {
        Quote Apply(string customer, int seats);
    }

    [Fact]
    public void Prepare_CallWithAGrant_FrameCarriesKeySignatureGrantAndArgumentsOnce()
    {
        var id = _channel.Prepare("rule v3", Apply, ["anna", 12], 1000, new CallGrant("token", ["storage", "log"], "user-1"));
        _channel.Send();

        var reader = new FrameReader(ReadFrame());
        Assert.Equal(FrameKind.Call, (FrameKind)reader.ReadByte());
        Assert.Equal(id, reader.ReadInt32());
        Assert.Equal(1000, reader.ReadInt32());
        Assert.Equal("rule v3", reader.ReadString());
        Assert.Equal("Apply(System.String,System.Int32)", reader.ReadString());
        Assert.Equal(1, reader.ReadByte());
        Assert.Equal("token", reader.ReadString());
        Assert.Equal("user-1", reader.ReadString());
        Assert.Equal(2, reader.ReadByte());
        Assert.Equal("storage", reader.ReadString());
        Assert.Equal("log", reader.ReadString());
        Assert.Equal("[\"anna\",12]", Encoding.UTF8.GetString(reader.Rest));
    }

    [Fact]
    public void Receive_CompletedResult_IsReadAsTheReturnType()
    {
        var id = SendCall();
        Answer(Result(id, CallOutcome.Completed, "{\"total\":42.5,\"note\":\"group\"}"));

        var reply = _channel.Receive(id, Apply.ReturnType, serve: null);

        Assert.Equal(CallOutcome.Completed, reply.Outcome);
        Assert.Equal(new Quote(42.5m, "group"), reply.Value);
    }

    [Fact]
    public void Receive_ResultNotOfTheReturnType_IsFaultedWithoutDroppingTheWorker()
    {
        var id = SendCall();
        Answer(Result(id, CallOutcome.Completed, "[1,2,3]"));

        var reply = _channel.Receive(id, Apply.ReturnType, serve: null);

        Assert.Equal(CallOutcome.Faulted, reply.Outcome);
        Assert.Contains("could not be read back", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_CapabilityCallsBeforeTheResult_AreServedInOrderAndAnsweredOnTheChannel()
    {
        var id = SendCall();
        var served = new List<CapabilityRequest>();
        Answer(Capability(new CapabilityRequest("token", "rule v1", CapabilityOperation.StorageIncrement, "groups", Number: 1)));
        Answer(Capability(new CapabilityRequest("token", "rule v1", CapabilityOperation.StorageGet, "name")));
        Answer(Result(id, CallOutcome.Completed, "{\"total\":1,\"note\":\"n\"}"));

        var reply = _channel.Receive(id, Apply.ReturnType, request =>
        {
            served.Add(request);
            return new CapabilityResponse(null, Text: "answer " + served.Count, Number: served.Count);
        });

        Assert.Equal(CallOutcome.Completed, reply.Outcome);
        Assert.Equal([CapabilityOperation.StorageIncrement, CapabilityOperation.StorageGet], served.Select(r => r.Operation));
        Assert.Equal("groups", served[0].Key);
        Assert.Equal(1, served[0].Number);
        for (var i = 1; i <= 2; i++)
        {
            var answer = ReadFrame();
            Assert.Equal(FrameKind.CapabilityAnswer, (FrameKind)answer[0]);
            var response = System.Text.Json.JsonSerializer.Deserialize<CapabilityResponse>(answer.AsSpan(1), CallFrames.CapabilityJson)!;
            Assert.Equal("answer " + i, response.Text);
            Assert.Equal(i, response.Number);
        }
    }

    [Fact]
    public void Receive_CapabilityCallThatIsNotJson_Throws()
        => AssertBreach(Frame(FrameKind.Capability, Encoding.UTF8.GetBytes("{not json")), "not one", serve: _ => new CapabilityResponse(null));

    [Fact]
    public void Receive_CapabilityCallWhenNothingServesCapabilities_Throws()
        => AssertBreach(Capability(new CapabilityRequest("token", "rule v1", CapabilityOperation.ClockNow)), "unknown kind 4");

    [Fact]
    public void Receive_FrameOverTheCap_ThrowsBeforeReadingIt()
    {
        var id = SendCall();
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, Cap + 1);
        Answer(prefix);

        var error = Assert.Throws<InvalidDataException>(() => _channel.Receive(id, Apply.ReturnType, serve: null));
        Assert.Contains("4,097 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_NegativeLength_Throws()
        => AssertBreach([0xFF, 0xFF, 0xFF, 0xFF], "-1 bytes");

    [Fact]
    public void Receive_UnknownKind_Throws()
        => AssertBreach([6, 0, 0, 0, 99, 1, 0, 0, 0, 0], "unknown kind 99");

    [Fact]
    public void Receive_AnswerToAnotherCall_Throws()
    {
        var id = SendCall();
        Answer(Result(id + 7, CallOutcome.Completed, "null"));

        var error = Assert.Throws<InvalidDataException>(() => _channel.Receive(id, Apply.ReturnType, serve: null));
        Assert.Contains($"answered call {id + 7}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_UnknownOutcome_Throws()
    {
        var id = SendCall();
        Answer(Result(id, (CallOutcome)200, "null"));

        var error = Assert.Throws<InvalidDataException>(() => _channel.Receive(id, Apply.ReturnType, serve: null));
        Assert.Contains("unknown outcome 200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_FrameCutShortByTheWorkerClosing_Throws()
    {
        var id = SendCall();
        Answer([100, 0, 0, 0, 3, 1]);
        _worker.Shutdown(SocketShutdown.Send);

        var error = Assert.Throws<InvalidDataException>(() => _channel.Receive(id, Apply.ReturnType, serve: null));
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_CallerWaitingForAnAnswer_IsWokenWithAnError()
    {
        var id = SendCall();
        var waiting = Task.Run(() => _channel.Receive(id, Apply.ReturnType, serve: null));

        _channel.Dispose();

        var error = Assert.ThrowsAny<Exception>(() => waiting.GetAwaiter().GetResult());
        Assert.True(error is InvalidDataException or SocketException or ObjectDisposedException, error.GetType().Name);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _worker.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Result(int id, CallOutcome outcome, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[4 + CallFrames.ResultHeaderBytes + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, CallFrames.ResultHeaderBytes + body.Length);
        frame[4] = (byte)FrameKind.Result;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5), id);
        frame[9] = (byte)outcome;
        body.CopyTo(frame, 10);
        return frame;
    }

    private static byte[] Capability(CapabilityRequest request)
        => Frame(FrameKind.Capability, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, CallFrames.CapabilityJson));

    private static byte[] Frame(FrameKind kind, byte[] body)
    {
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, 1 + body.Length);
        frame[4] = (byte)kind;
        body.CopyTo(frame, 5);
        return frame;
    }

    private void AssertBreach(byte[] answer, string expected, Func<CapabilityRequest, CapabilityResponse>? serve = null)
    {
        var id = SendCall();
        Answer(answer);

        var error = Assert.Throws<InvalidDataException>(() => _channel.Receive(id, Apply.ReturnType, serve));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private int SendCall()
    {
        var id = _channel.Prepare("rule v1", Apply, ["anna", 2], 1000, grant: null);
        _channel.Send();
        _ = ReadFrame();
        return id;
    }

    private void Answer(byte[] bytes) => _worker.Send(bytes);

    private byte[] ReadFrame()
    {
        var prefix = new byte[4];
        Fill(prefix);
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        Fill(body);
        return body;
    }

    private void Fill(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var got = _worker.Receive(buffer.AsSpan(read));
            Assert.NotEqual(0, got);
            read += got;
        }
    }

    public sealed record Quote(decimal Total, string Note);
}
