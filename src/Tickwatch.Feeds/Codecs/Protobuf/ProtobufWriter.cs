using System.Buffers.Binary;

namespace Tickwatch.Feeds.Codecs.Protobuf;

/// <summary>Writes protobuf wire format into a span the caller sized with <see cref="VarintSize"/>.</summary>
internal ref struct ProtobufWriter
{
    private readonly Span<byte> _buffer;

    public ProtobufWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    public int Position { get; private set; }

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int TagSize(int fieldNumber) => VarintSize((ulong)fieldNumber << 3);

    public void WriteTag(int fieldNumber, WireType wireType) => WriteVarint(((ulong)fieldNumber << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[Position++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer[Position++] = (byte)value;
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer[Position..], value);
        Position += sizeof(double);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
    }

    /// <summary>Leaves room for <paramref name="count"/> bytes the caller fills itself (e.g. UTF-8 encoding in place).</summary>
    public Span<byte> Reserve(int count)
    {
        var span = _buffer.Slice(Position, count);
        Position += count;
        return span;
    }
}
