using System.Runtime.InteropServices;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Owns one native <c>z_stream</c> (inflate or deflate) and ends it when released, even without Dispose.</summary>
internal sealed class ZStreamHandle : SafeHandle
{
    private readonly bool _isDeflate;

    public ZStreamHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    private ZStreamHandle(IntPtr stream, bool isDeflate)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _isDeflate = isDeflate;
        SetHandle(stream);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A z_stream initialised for zlib-wrapped (RFC 1950) inflation.</summary>
    public static ZStreamHandle CreateInflater()
    {
        var stream = AllocateZeroed();
        try
        {
            var status = ZlibNative.InflateInit(stream, ZlibNative.Version(), ZStreamLayout.Size);
            return Initialised(stream, status, isDeflate: false);
        }
        catch
        {
            Marshal.FreeHGlobal(stream);
            throw;
        }
    }

    /// <summary>A z_stream initialised for zlib-wrapped (RFC 1950) deflation at <paramref name="level"/>.</summary>
    public static ZStreamHandle CreateDeflater(int level)
    {
        var stream = AllocateZeroed();
        try
        {
            var status = ZlibNative.DeflateInit2(
                stream, level, ZlibNative.Deflated, ZlibNative.MaxWindowBits, ZlibNative.DefaultMemLevel, ZlibNative.DefaultStrategy, ZlibNative.Version(), ZStreamLayout.Size);
            return Initialised(stream, status, isDeflate: true);
        }
        catch
        {
            Marshal.FreeHGlobal(stream);
            throw;
        }
    }

    public void SetInput(IntPtr next, int available)
    {
        Marshal.WriteIntPtr(handle, ZStreamLayout.NextInOffset, next);
        Marshal.WriteInt32(handle, ZStreamLayout.AvailInOffset, available);
    }

    public void SetOutput(IntPtr next, int available)
    {
        Marshal.WriteIntPtr(handle, ZStreamLayout.NextOutOffset, next);
        Marshal.WriteInt32(handle, ZStreamLayout.AvailOutOffset, available);
    }

    public int AvailableIn => Marshal.ReadInt32(handle, ZStreamLayout.AvailInOffset);

    public int AvailableOut => Marshal.ReadInt32(handle, ZStreamLayout.AvailOutOffset);

    protected override bool ReleaseHandle()
    {
        _ = _isDeflate ? ZlibNative.DeflateEnd(handle) : ZlibNative.InflateEnd(handle);
        Marshal.FreeHGlobal(handle);
        return true;
    }

    private static IntPtr AllocateZeroed()
    {
        var stream = Marshal.AllocHGlobal(ZStreamLayout.Size);
        for (var offset = 0; offset < ZStreamLayout.Size; offset += sizeof(int))
        {
            Marshal.WriteInt32(stream, offset, 0);
        }

        return stream;
    }

    private static ZStreamHandle Initialised(IntPtr stream, int status, bool isDeflate)
    {
        if (status != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib initialisation failed with status {status}.");
        }

        return new ZStreamHandle(stream, isDeflate);
    }
}
