using System.Runtime.InteropServices;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>The C <c>z_stream</c> structure, declared only to learn its size and field offsets on this platform.</summary>
/// <remarks><c>uLong</c> is 64-bit on Linux and 32-bit on Windows, hence <see cref="CULong"/>.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct ZStreamLayout
{
    public IntPtr NextIn;
    public uint AvailIn;
    public CULong TotalIn;
    public IntPtr NextOut;
    public uint AvailOut;
    public CULong TotalOut;
    public IntPtr Msg;
    public IntPtr State;
    public IntPtr ZAlloc;
    public IntPtr ZFree;
    public IntPtr Opaque;
    public int DataType;
    public CULong Adler;
    public CULong Reserved;

    public static readonly int Size = Marshal.SizeOf<ZStreamLayout>();
    public static readonly int NextInOffset = (int)Marshal.OffsetOf<ZStreamLayout>(nameof(NextIn));
    public static readonly int AvailInOffset = (int)Marshal.OffsetOf<ZStreamLayout>(nameof(AvailIn));
    public static readonly int NextOutOffset = (int)Marshal.OffsetOf<ZStreamLayout>(nameof(NextOut));
    public static readonly int AvailOutOffset = (int)Marshal.OffsetOf<ZStreamLayout>(nameof(AvailOut));
}
