namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Inflates zlib (RFC 1950) streams into one reused buffer, so the steady path allocates nothing.</summary>
internal abstract class ZlibInflater : IDisposable
{
    /// <summary>The system zlib where it can be loaded, else the framework's <see cref="System.IO.Compression.ZLibStream"/>.</summary>
    public static ZlibInflater Create() => ZlibNative.IsAvailable ? new NativeZlibInflater() : new StreamZlibInflater();

    /// <summary>
    /// Inflates <paramref name="compressed"/>; <paramref name="inflated"/> stays valid until the next call.
    /// Stops as soon as the output would exceed <paramref name="maxBytes"/>, so a zip bomb costs little.
    /// Bytes after the end of the zlib stream are ignored.
    /// </summary>
    public abstract InflateStatus Inflate(ReadOnlySpan<byte> compressed, int maxBytes, out ReadOnlySpan<byte> inflated);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>One byte past the limit, to tell "exactly at the limit" from "over it".</summary>
    protected static int OutputLimit(int maxBytes) => maxBytes >= Array.MaxLength ? Array.MaxLength : maxBytes + 1;
}
