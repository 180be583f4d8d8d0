using System.Runtime.InteropServices;

namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>A byte array on the pinned object heap, so native code can keep its address between calls.</summary>
internal sealed class PinnedBuffer
{
    public PinnedBuffer(int length)
    {
        Array = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Address = Marshal.UnsafeAddrOfPinnedArrayElement(Array, 0);
    }

    public byte[] Array { get; }

    public IntPtr Address { get; }

    public int Length => Array.Length;

    /// <summary>This buffer when it holds <paramref name="length"/> bytes, else a larger one with the first <paramref name="keep"/> bytes copied.</summary>
    public PinnedBuffer EnsureLength(int length, int keep = 0)
    {
        if (length <= Array.Length)
        {
            return this;
        }

        var grown = new PinnedBuffer((int)Math.Min(Math.Max((long)length, Array.Length * 2L), System.Array.MaxLength));
        Array.AsSpan(0, keep).CopyTo(grown.Array);
        return grown;
    }
}
