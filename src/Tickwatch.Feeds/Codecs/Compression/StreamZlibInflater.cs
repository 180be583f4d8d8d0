using System.Buffers.Binary;
using System.IO.Compression;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Fallback inflater over <see cref="ZLibStream"/> for machines without a loadable system zlib; allocates a little per frame.</summary>
/// <remarks>Stricter than the native inflater in one way: bytes after the end of the zlib stream make it corrupt.</remarks>
internal sealed class StreamZlibInflater : ZlibInflater
{
    private const int InitialOutputBytes = 64 * 1024;

    private byte[] _input = new byte[16 * 1024];
    private byte[] _output = new byte[InitialOutputBytes];

    public override InflateStatus Inflate(ReadOnlySpan<byte> compressed, int maxBytes, out ReadOnlySpan<byte> inflated)
    {
        inflated = default;
        if (_input.Length < compressed.Length)
        {
            _input = new byte[compressed.Length];
        }

        compressed.CopyTo(_input);
        var limit = OutputLimit(maxBytes);
        var produced = 0;
        try
        {
            using var source = new MemoryStream(_input, 0, compressed.Length, writable: false);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            while (true)
            {
                var capacity = Math.Min(_output.Length, limit);
                if (produced == capacity)
                {
                    if (capacity >= limit)
                    {
                        return InflateStatus.TooLarge;
                    }

                    Array.Resize(ref _output, (int)Math.Min((long)_output.Length * 2, limit));
                    capacity = Math.Min(_output.Length, limit);
                }

                var read = zlib.Read(_output, produced, capacity - produced);
                if (read == 0)
                {
                    break;
                }

                produced += read;
            }
        }
        catch (InvalidDataException)
        {
            return InflateStatus.Corrupt;
        }

        if (produced > maxBytes)
        {
            return InflateStatus.TooLarge;
        }

        // ZLibStream ends quietly on a stream cut short; a complete one ends with the Adler-32 of its
        // content, which zlib has already verified. (Unlike the native path, this refuses trailing bytes.)
        if (compressed.Length < sizeof(uint) || BinaryPrimitives.ReadUInt32BigEndian(compressed[^sizeof(uint)..]) != Adler32.Compute(_output.AsSpan(0, produced)))
        {
            return InflateStatus.Corrupt;
        }

        inflated = _output.AsSpan(0, produced);
        return InflateStatus.Inflated;
    }
}
