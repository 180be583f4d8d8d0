using System.Buffers;
using System.IO.Compression;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Fallback deflater over <see cref="ZLibStream"/> for machines without a loadable system zlib; allocates per frame.</summary>
internal sealed class StreamZlibDeflater : ZlibDeflater
{
    private readonly MemoryStream _buffer = new();

    public override void Compress(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _buffer.SetLength(0);
        using (var zlib = new ZLibStream(_buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        output.Write(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
