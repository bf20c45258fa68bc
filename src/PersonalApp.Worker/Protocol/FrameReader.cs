using System.Buffers.Binary;
using System.Text;

namespace PersonalApp.Worker.Protocol;

/// <summary>
/// Reads the fields of one frame body in order (<see cref="CallFrames"/>). A field that runs past the body, or a
/// negative length, throws <see cref="InvalidDataException"/>: the sender broke the protocol.
/// </summary>
public ref struct FrameReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _at;

    /// <summary>Initializes a new instance of the <see cref="FrameReader"/> struct.</summary>
    /// <param name="body">The frame's body, its kind byte first.</param>
    public FrameReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _at = 0;
    }

    /// <summary>Gets what is left of the body after the fields read so far.</summary>
    public readonly ReadOnlySpan<byte> Rest => _body[_at..];

    /// <summary>Reads one byte.</summary>
    /// <returns>The byte.</returns>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a little-endian 32-bit integer.</summary>
    /// <returns>The integer.</returns>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a string written by <see cref="CallFrames.WriteString"/>.</summary>
    /// <returns>The string.</returns>
    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Reads a length-prefixed run of bytes.</summary>
    /// <returns>The bytes, in the body.</returns>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadInt32();
        return length < 0 ? throw new InvalidDataException("A frame carried a negative length.") : Take(length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _body.Length - _at)
        {
            throw new InvalidDataException("A frame ended inside one of its fields.");
        }

        var span = _body.Slice(_at, count);
        _at += count;
        return span;
    }
}
