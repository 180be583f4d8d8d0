using System.Buffers;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Deflates with the system zlib through one reused <c>z_stream</c> (<c>deflateReset</c> per frame) and pinned buffers.</summary>
internal sealed class NativeZlibDeflater : ZlibDeflater
{
    private const int FastestLevel = 1;
    private const int InitialBufferBytes = 16 * 1024;

    private readonly ZStreamHandle _stream = ZStreamHandle.CreateDeflater(FastestLevel);
    private PinnedBuffer _input = new(InitialBufferBytes);
    private PinnedBuffer _output = new(InitialBufferBytes);

    public override void Compress(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_stream.IsClosed, this);

        _input = _input.EnsureLength(payload.Length);
        payload.CopyTo(_input.Array);

        // Stored blocks bound the output: the payload plus a few bytes per 16 KiB block and the wrapper.
        _output = _output.EnsureLength(checked(payload.Length + (payload.Length >> 12) + (payload.Length >> 14) + 64));

        Check(ZlibNative.DeflateReset(_stream), "deflateReset");
        _stream.SetInput(_input.Address, payload.Length);
        var produced = 0;
        while (true)
        {
            _stream.SetOutput(_output.Address + produced, _output.Length - produced);
            var status = ZlibNative.Deflate(_stream, ZlibNative.Finish);
            produced = _output.Length - _stream.AvailableOut;
            if (status == ZlibNative.StreamEnd)
            {
                break;
            }

            if (status is not (ZlibNative.Ok or ZlibNative.BufError) || produced < _output.Length)
            {
                throw new InvalidOperationException($"zlib deflate failed with status {status}.");
            }

            // Out of room despite the bound: grow and let deflate carry on.
            _output = _output.EnsureLength(_output.Length * 2, keep: produced);
        }

        output.Write(_output.Array.AsSpan(0, produced));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void Check(int status, string operation)
    {
        if (status != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib {operation} failed with status {status}.");
        }
    }
}
