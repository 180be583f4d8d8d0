using System.Buffers.Binary;

namespace Tickwatch.Feeds.Codecs.Protobuf;

/// <summary>
/// A forward-only reader of the protobuf wire format over a span. Every method returns false on
/// truncated or impossible input instead of throwing, so a bad frame costs no exception.
/// </summary>
internal ref struct ProtobufReader
{
    private const int MaxVarintBytes = 10;
    private const ulong MaxTag = uint.MaxValue;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtobufReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>Reads the next field's tag. False on a bad tag: field 0, groups, or an unknown wire type.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        fieldNumber = 0;
        wireType = default;
        if (!TryReadVarint(out var tag) || tag > MaxTag)
        {
            return false;
        }

        var type = (int)(tag & 7);
        if (type is not ((int)WireType.Varint or (int)WireType.Fixed64 or (int)WireType.LengthDelimited or (int)WireType.Fixed32))
        {
            return false;
        }

        fieldNumber = (int)(tag >> 3);
        wireType = (WireType)type;
        return fieldNumber != 0;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _buffer.Length)
            {
                return false;
            }

            var b = _buffer[_position++];
            value |= unchecked((ulong)(b & 0x7F) << shift);
            if (b < 0x80)
            {
                return true;
            }

            shift += 7;
        }

        return false;
    }

    public bool TryReadFixed64(out ulong value)
    {
        if (_buffer.Length - _position < sizeof(ulong))
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += sizeof(ulong);
        return true;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value)
    {
        if (!TryReadVarint(out var length) || length > (ulong)(_buffer.Length - _position))
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skips the value of a field this reader's caller does not know.</summary>
    public bool TrySkip(WireType wireType) => wireType switch
    {
        WireType.Varint => TryReadVarint(out _),
        WireType.Fixed64 => TryAdvance(sizeof(ulong)),
        WireType.LengthDelimited => TryReadLengthDelimited(out _),
        WireType.Fixed32 => TryAdvance(sizeof(uint)),
        _ => false,
    };

    private bool TryAdvance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}
