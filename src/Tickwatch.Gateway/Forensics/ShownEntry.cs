using System.Runtime.InteropServices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// One price sent to a user, packed into 48 bytes: the prices as integer mantissas with their scales (exact, each scale
/// kept as sent), the times as UTC ticks, the feed as a number in the log's feed names.
/// </summary>
/// <remarks>A price whose mantissa does not fit 63 bits (never a real quote) is kept whole in its ring's side array instead.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct ShownEntry
{
    /// <summary>A bit of <see cref="Flags"/>: the prices are in the ring's side array, not in the mantissas.</summary>
    public const int Wide = 1;

    /// <summary>A bit of <see cref="Flags"/>: served by <c>/api/quotes</c>, not written on the stream.</summary>
    public const int Quotes = 2;

    private const int ScaleBits = 5;
    private const int ScaleMask = (1 << ScaleBits) - 1;

    public long BookSequence;
    public long BidMantissa;
    public long AskMantissa;
    public long ReceivedAtTicks;
    public long SentAtTicks;
    public int NewerPrices;
    public ushort Feed;

    // The flags ride in the bid scale's top three bits (a scale is at most 28): a byte of their own would make the entry 56 bytes.
    private byte _bidScaleAndFlags;
    private byte _askScale;

    public readonly int Flags => _bidScaleAndFlags >> ScaleBits;

    public readonly byte BidScale => (byte)(_bidScaleAndFlags & ScaleMask);

    public readonly byte AskScale => _askScale;

    public void SetScales(byte bidScale, byte askScale, int flags)
    {
        _bidScaleAndFlags = (byte)(bidScale | (flags << ScaleBits));
        _askScale = askScale;
    }

    /// <summary><paramref name="count"/> as an entry keeps it: never negative, at most <see cref="int.MaxValue"/>.</summary>
    public static int Count(long count) => count > int.MaxValue ? int.MaxValue : (int)Math.Max(0, count);

    /// <summary>The mantissa and scale of <paramref name="value"/>, or false when its mantissa needs more than 63 bits.</summary>
    public static bool TrySplit(decimal value, out long mantissa, out byte scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        scale = value.Scale;
        if (bits[2] != 0 || bits[1] < 0)
        {
            mantissa = 0;
            return false;
        }

        unchecked
        {
            mantissa = ((long)bits[1] << 32) | (uint)bits[0];
        }

        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        return true;
    }

    /// <summary>The decimal of a mantissa and scale made by <see cref="TrySplit"/>.</summary>
    public static decimal Join(long mantissa, byte scale)
    {
        var negative = mantissa < 0;
        var magnitude = negative ? -mantissa : mantissa;
        unchecked
        {
            return new decimal((int)magnitude, (int)(magnitude >> 32), 0, negative, scale);
        }
    }
}
