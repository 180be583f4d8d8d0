using System.Runtime.InteropServices;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>The few entry points of the system zlib (libz.so.1) that the reusable inflater needs.</summary>
/// <remarks>
/// Every argument is a pointer-sized handle or an integer, so the calls need no marshalling and no unsafe
/// code (hence DllImport: LibraryImport would need AllowUnsafeBlocks, which Tickwatch.Feeds keeps off).
/// The <c>z_stream</c> lives in native memory at a fixed address because zlib keeps a pointer back to it.
/// </remarks>
internal static class ZlibNative
{
    public const string Library = "libz.so.1";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int BufError = -5;

    public const int Finish = 4;

    private static readonly Lazy<bool> LazyAvailable = new(Probe);

    [DllImport(Library, EntryPoint = "zlibVersion", ExactSpelling = true)]
    public static extern IntPtr Version();

    [DllImport(Library, EntryPoint = "inflateInit_", ExactSpelling = true)]
    public static extern int InflateInit(IntPtr stream, IntPtr version, int streamSize);

    [DllImport(Library, EntryPoint = "inflateReset", ExactSpelling = true)]
    public static extern int InflateReset(IntPtr stream);

    [DllImport(Library, EntryPoint = "inflate", ExactSpelling = true)]
    public static extern int Inflate(IntPtr stream, int flush);

    [DllImport(Library, EntryPoint = "inflateEnd", ExactSpelling = true)]
    public static extern int InflateEnd(IntPtr stream);

    /// <summary>True when the system zlib can be loaded and called on this machine.</summary>
    public static bool IsAvailable => LazyAvailable.Value;

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(Library, typeof(ZlibNative).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            return Version() != IntPtr.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
