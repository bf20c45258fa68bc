using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Text;

namespace PersonalApp.Worker.Protocol;

/// <summary>
/// The binary frames of the call channel, the worker's second connection (a Unix socket in its scratch folder) that carries
/// plugin calls, their capability calls and their results; loads, unloads and checks stay on the JSON-RPC channel. A frame is a
/// little-endian 32-bit body length and the body, whose first byte is its <see cref="FrameKind"/>:
/// <list type="bullet">
/// <item><see cref="FrameKind.Hello"/>: the secret the host gave the worker over JSON-RPC, so only that worker can take the socket.</item>
/// <item><see cref="FrameKind.Call"/>: call id, largest result, plugin key, method signature, grant, then the arguments as one UTF-8 JSON array.</item>
/// <item><see cref="FrameKind.Result"/>: call id, <see cref="CallOutcome"/>, then the result as UTF-8 JSON (completed) or a UTF-8 message.</item>
/// <item><see cref="FrameKind.Capability"/>: sent by the worker while a call runs, any number of times before its result: a
/// <see cref="CapabilityRequest"/> as UTF-8 JSON; the host answers each with a <see cref="FrameKind.CapabilityAnswer"/>
/// holding a <see cref="CapabilityResponse"/>, on the same connection, before the worker goes on.</item>
/// </list>
/// Strings are a 32-bit byte length and UTF-8. Each side checks every length against what it expects before reading.
/// </summary>
public static class CallFrames
{
    /// <summary>The bytes of a frame's length prefix.</summary>
    public const int PrefixBytes = 4;

    /// <summary>The bytes of a result frame before its payload: kind, call id, outcome.</summary>
    public const int ResultHeaderBytes = 6;

    /// <summary>The bytes of the secret a worker presents in its <see cref="FrameKind.Hello"/>.</summary>
    public const int SecretBytes = 32;

    /// <summary>How both sides write capability calls and answers as JSON.</summary>
    public static System.Text.Json.JsonSerializerOptions CapabilityJson { get; } = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>A method as both sides name it: <c>Name(Full.Type.Of.Parameter, ...)</c>.</summary>
    /// <param name="method">A contract method.</param>
    /// <returns>Its signature.</returns>
    public static string Signature(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Name + "(" + string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName)) + ")";
    }

    /// <summary>Starts a frame: reserves its length prefix and writes its kind. Finish it with <see cref="End"/>.</summary>
    /// <param name="frame">The buffer, empty.</param>
    /// <param name="kind">The frame's kind.</param>
    public static void Begin(ArrayBufferWriter<byte> frame, FrameKind kind)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var span = frame.GetSpan(PrefixBytes + 1);
        span[..PrefixBytes].Clear();
        span[PrefixBytes] = (byte)kind;
        frame.Advance(PrefixBytes + 1);
    }

    /// <summary>Writes the body length into the frame's prefix.</summary>
    /// <param name="frame">A frame started with <see cref="Begin"/>.</param>
    /// <returns>The whole frame, ready to send.</returns>
    public static ReadOnlyMemory<byte> End(ArrayBufferWriter<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var written = frame.WrittenMemory;
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshalSpan(written), written.Length - PrefixBytes);
        return written;
    }

    /// <summary>Appends a 32-bit integer.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="value">The value.</param>
    public static void WriteInt32(IBufferWriter<byte> frame, int value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        BinaryPrimitives.WriteInt32LittleEndian(frame.GetSpan(4), value);
        frame.Advance(4);
    }

    /// <summary>Appends one byte.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="value">The value.</param>
    public static void WriteByte(IBufferWriter<byte> frame, byte value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.GetSpan(1)[0] = value;
        frame.Advance(1);
    }

    /// <summary>Appends a string: its UTF-8 byte length, then its bytes.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="value">The string.</param>
    public static void WriteString(IBufferWriter<byte> frame, string value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(value);
        var span = frame.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        frame.Advance(4 + length);
    }

    private static Span<byte> MemoryMarshalSpan(ReadOnlyMemory<byte> memory)
        => System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;
}
