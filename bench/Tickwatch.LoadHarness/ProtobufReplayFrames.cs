using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>
/// Zlib-protobuf frames whose prices are compressed once and whose sequence and time are appended per frame.
/// </summary>
/// <remarks>
/// The encoder writes <c>seq</c> (field 3) and <c>ts</c> (field 4) after the prices, so a frame is the
/// template's type and prices deflated at the encoder's level and ended with a sync flush, then a final
/// stored block holding the two varints, then the Adler-32 of the whole message (carried on from the
/// template's). The decoder inflates the same compressed prices it would get from the hub.
/// </remarks>
internal sealed class ProtobufReplayFrames : ReplayFrames
{
    private const int AdlerModulus = 65521;
    private const byte SequenceTag = (3 << 3) | 0;
    private const byte TimeTag = (4 << 3) | 0;
    private const int MaxTailBytes = 1 + 10 + 1 + 10;
    private const int StoredBlockHeaderBytes = 5;

    private static readonly byte[] SyncFlushMarker = [0x00, 0x00, 0xFF, 0xFF];

    private readonly byte[][] _prefixes;
    private readonly uint[] _adlerA;
    private readonly uint[] _adlerB;

    public ProtobufReplayFrames(ReplayScript script)
        : base(script)
    {
        using var encoder = new ProtobufMarketUpdateEncoder();
        var encoded = new ArrayBufferWriter<byte>();
        _prefixes = new byte[script.Frames.Count][];
        _adlerA = new uint[_prefixes.Length];
        _adlerB = new uint[_prefixes.Length];
        for (var i = 0; i < _prefixes.Length; i++)
        {
            encoded.ResetWrittenCount();
            encoder.Encode(script.Frames[i], sequence: null, sourceTime: null, encoded);
            var message = Inflate(encoded.WrittenSpan);
            _prefixes[i] = DeflateWithSyncFlush(message);
            (_adlerA[i], _adlerB[i]) = Adler(1, 0, message);
        }

        MaxLength = _prefixes.Max(p => p.Length) + StoredBlockHeaderBytes + MaxTailBytes + sizeof(uint);
    }

    public override FrameKind Kind => FrameKind.Binary;

    public override int MaxLength { get; }

    public override int Write(int frame, long sequence, long unixMilliseconds, Span<byte> destination)
    {
        var prefix = _prefixes[frame];
        prefix.CopyTo(destination);
        var at = prefix.Length;

        Span<byte> tail = stackalloc byte[MaxTailBytes];
        var length = 0;
        tail[length++] = SequenceTag;
        length += WriteVarint(tail[length..], (ulong)sequence);
        tail[length++] = TimeTag;
        length += WriteVarint(tail[length..], unchecked((ulong)unixMilliseconds));

        // Final stored block: BFINAL=1, BTYPE=00, byte-aligned after the sync flush, then LEN and its complement.
        destination[at++] = 0x01;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[at..], (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(at + 2)..], unchecked((ushort)~length));
        at += 4;
        tail[..length].CopyTo(destination[at..]);
        at += length;

        var (a, b) = Adler(_adlerA[frame], _adlerB[frame], tail[..length]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[at..], (b << 16) | a);
        return at + sizeof(uint);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] DeflateWithSyncFlush(byte[] message)
    {
        using var output = new MemoryStream();
        using var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true);
        zlib.Write(message);
        zlib.Flush();
        var flushed = output.ToArray();
        if (!flushed.AsSpan().EndsWith(SyncFlushMarker))
        {
            throw new InvalidOperationException("ZLibStream.Flush did not end with a sync flush; the replay frames cannot be built.");
        }

        return flushed;
    }

    private static (uint A, uint B) Adler(uint a, uint b, ReadOnlySpan<byte> data)
    {
        foreach (var value in data)
        {
            a = (a + value) % AdlerModulus;
            b = (b + a) % AdlerModulus;
        }

        return (a, b);
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var length = 0;
        while (value >= 0x80)
        {
            destination[length++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        destination[length++] = (byte)value;
        return length;
    }
}
