using System.Buffers;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Compresses payloads into zlib (RFC 1950) streams at the fastest level, reusing its state between frames.</summary>
internal abstract class ZlibDeflater : IDisposable
{
    /// <summary>The system zlib where it can be loaded, else the framework's <see cref="System.IO.Compression.ZLibStream"/>.</summary>
    public static ZlibDeflater Create() => ZlibNative.IsAvailable ? new NativeZlibDeflater() : new StreamZlibDeflater();

    /// <summary>Writes the zlib stream of <paramref name="payload"/> to <paramref name="output"/>. Not thread-safe.</summary>
    public abstract void Compress(ReadOnlySpan<byte> payload, IBufferWriter<byte> output);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
