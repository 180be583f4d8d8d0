using System.Runtime.InteropServices;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Owns one native inflating <c>z_stream</c> and ends it when released, even without Dispose.</summary>
internal sealed class ZStreamHandle : SafeHandle
{
    public ZStreamHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    private ZStreamHandle(IntPtr stream)
        : base(IntPtr.Zero, ownsHandle: true)
    {
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
            return Initialised(stream, status);
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
        _ = ZlibNative.InflateEnd(handle);
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

    private static ZStreamHandle Initialised(IntPtr stream, int status)
    {
        if (status != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib initialisation failed with status {status}.");
        }

        return new ZStreamHandle(stream);
    }
}
