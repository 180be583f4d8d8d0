namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Inflates with the system zlib through one reused <c>z_stream</c> (<c>inflateReset</c> per frame) and pinned buffers.</summary>
internal sealed class NativeZlibInflater : ZlibInflater
{
    private const int InitialInputBytes = 16 * 1024;
    private const int InitialOutputBytes = 64 * 1024;

    private readonly ZStreamHandle _stream = ZStreamHandle.CreateInflater();
    private PinnedBuffer _input = new(InitialInputBytes);
    private PinnedBuffer _output = new(InitialOutputBytes);

    public override InflateStatus Inflate(ReadOnlySpan<byte> compressed, int maxBytes, out ReadOnlySpan<byte> inflated)
    {
        ObjectDisposedException.ThrowIf(_stream.IsClosed, this);
        inflated = default;

        // zlib needs a stable address for its input, and a span's cannot be taken without unsafe code.
        _input = _input.EnsureLength(compressed.Length);
        compressed.CopyTo(_input.Array);

        // The raw pointer spares two SafeHandle ref-count round trips per frame; this object owns
        // _stream and is not thread-safe, so the handle cannot be released during the calls.
        var stream = _stream.DangerousGetHandle();
        if (ZlibNative.InflateReset(stream) != ZlibNative.Ok)
        {
            return InflateStatus.Corrupt;
        }

        _stream.SetInput(_input.Address, compressed.Length);
        var limit = OutputLimit(maxBytes);
        var produced = 0;
        while (true)
        {
            var capacity = Math.Min(_output.Length, limit);
            _stream.SetOutput(_output.Address + produced, capacity - produced);

            // Z_FINISH: the whole frame is here, so zlib need not copy the output into its window.
            var status = ZlibNative.Inflate(stream, ZlibNative.Finish);
            produced = capacity - _stream.AvailableOut;

            if (status == ZlibNative.StreamEnd)
            {
                if (produced > maxBytes)
                {
                    return InflateStatus.TooLarge;
                }

                inflated = _output.Array.AsSpan(0, produced);
                return InflateStatus.Inflated;
            }

            if (status is not (ZlibNative.Ok or ZlibNative.BufError))
            {
                return InflateStatus.Corrupt;
            }

            if (produced == capacity)
            {
                if (capacity >= limit)
                {
                    return InflateStatus.TooLarge;
                }

                _output = _output.EnsureLength(Math.Min(limit, _output.Length * 2), keep: produced);
                continue;
            }

            if (_stream.AvailableIn == 0 || status == ZlibNative.BufError)
            {
                // Room left for output but no input: the stream was cut short.
                return InflateStatus.Corrupt;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
