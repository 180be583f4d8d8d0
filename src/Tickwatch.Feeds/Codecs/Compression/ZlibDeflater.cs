using System.Buffers;
using System.IO.Compression;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Compresses payloads into zlib (RFC 1950) streams at the fastest level, for the quote hub's encoder.</summary>
/// <remarks>
/// A new <see cref="ZLibStream"/> per frame (a few hundred bytes of garbage) is measured faster than
/// a reused system-zlib stream: the framework's zlib-ng compresses small frames at level 1 several
/// times faster than libz.so.1, and deflateReset clears a 64 KiB hash table per frame anyway.
/// </remarks>
internal sealed class ZlibDeflater : IDisposable
{
    private readonly MemoryStream _buffer = new();

    /// <summary>Writes the zlib stream of <paramref name="payload"/> to <paramref name="output"/>. Not thread-safe.</summary>
    public void Compress(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _buffer.SetLength(0);
        using (var zlib = new ZLibStream(_buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        output.Write(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
    }

    public void Dispose() => _buffer.Dispose();
}
