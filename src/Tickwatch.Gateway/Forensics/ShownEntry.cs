using System.Runtime.InteropServices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// One price sent to a user, packed into 24 bytes relative to its ring's base (<see cref="ShownRingBase"/>): the book
/// sequence and the bid's mantissa as differences from the base's, the ask's mantissa as a difference from the bid's,
/// the send time as ticks after the base's and the receipt time as ticks before the send; the scales, the feed's
/// number, the flags and the newer prices in one word. Every value comes back exactly, each scale as it was sent.
/// </summary>
/// <remarks>
/// A price that does not fit (a mantissa past 63 bits, bid and ask more than 2^23 apart, a feed past the 255th, more
/// than 4,095 newer prices, an age past ±214 s) is kept whole in its ring's side array instead, marked <see cref="Wide"/>.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct ShownEntry
{
    /// <summary>A bit of <see cref="Flags"/>: the price is in the ring's side array, not in this entry.</summary>
    public const int Wide = 1;

    /// <summary>A bit of <see cref="Flags"/>: served by <c>/api/quotes</c>, not written on the stream.</summary>
    public const int Quotes = 2;

    /// <summary>Most newer prices an entry keeps (12 bits).</summary>
    public const int MaxNewerPrices = (1 << NewerBits) - 1;

    /// <summary>Most ticks a send time may be after its ring's base (40 bits: 30 hours, more than the longest window).</summary>
    public const long MaxSentOffset = (1L << 40) - 1;

    // _packed: flags (2 bits), bid scale (5), ask scale (5), feed (8), newer prices (12).
    private const int FlagBits = 2;
    private const int ScaleBits = 5;
    private const int ScaleMask = (1 << ScaleBits) - 1;
    private const int BidScaleShift = FlagBits;
    private const int AskScaleShift = BidScaleShift + ScaleBits;
    private const int FeedShift = AskScaleShift + ScaleBits;
    private const int NewerShift = FeedShift + 8;
    private const int NewerBits = 32 - NewerShift;

    // _askAndSentHigh: the ask's mantissa less the bid's (signed, 24 bits) above the send offset's top 8 bits.
    private const int AskShift = 8;
    private const int AskMax = (1 << 23) - 1;

    private int _sequence;
    private int _bid;
    private uint _sentLow;
    private int _age;
    private uint _askAndSentHigh;
    private uint _packed;

    public readonly int Flags => (int)(_packed & ((1 << FlagBits) - 1));

    /// <summary>A marker entry for a price kept in the side array (only its flags are read).</summary>
    public static ShownEntry WideMarker(int flags) => new() { _packed = (uint)(flags | Wide) };

    /// <summary><paramref name="count"/> as a record keeps it: never negative, at most <see cref="int.MaxValue"/>.</summary>
    public static int Count(long count) => count > int.MaxValue ? int.MaxValue : (int)Math.Max(0, count);

    /// <summary>
    /// The ask's difference from the bid and the word of scales and feed of a compact entry, or false when they do not fit
    /// one (bid and ask more than 2^23 apart, a feed past the 255th).
    /// </summary>
    public static bool TryPack(long bidMantissa, long askMantissa, byte bidScale, byte askScale, ushort feed, out int askDelta, out uint packed)
    {
        packed = ((uint)bidScale << BidScaleShift) | ((uint)askScale << AskScaleShift) | ((uint)feed << FeedShift);
        askDelta = 0;
        if (!TryDelta(askMantissa, bidMantissa, out var delta) || delta is < -AskMax - 1 or > AskMax || feed > byte.MaxValue)
        {
            return false;
        }

        askDelta = delta;
        return true;
    }

    /// <summary>Whether a send of <paramref name="price"/> fits a compact entry whatever the ring's base.</summary>
    public static bool Fits(in ShownPriceFacts price, long sentAtTicks, long newerPrices) =>
        price.Compact
        && unchecked((ulong)newerPrices) <= MaxNewerPrices
        && sentAtTicks - price.ReceivedAtTicks is >= int.MinValue and <= int.MaxValue;

    /// <summary>Whether a send of <paramref name="price"/> at <paramref name="sentAtTicks"/> is near enough <paramref name="ringBase"/> to be kept relative to it.</summary>
    public static bool Near(in ShownPriceFacts price, long sentAtTicks, in ShownRingBase ringBase) =>
        TryDelta(price.BookSequence, ringBase.Sequence, out _)
        && TryDelta(price.BidMantissa, ringBase.BidMantissa, out _)
        && unchecked((ulong)(sentAtTicks - ringBase.Ticks)) <= MaxSentOffset;

    /// <summary>The entry of a send that <see cref="Fits"/> and is <see cref="Near"/> <paramref name="ringBase"/>.</summary>
    public static ShownEntry Encode(in ShownPriceFacts price, long sentAtTicks, long newerPrices, int flags, in ShownRingBase ringBase)
    {
        var sent = unchecked((ulong)(sentAtTicks - ringBase.Ticks));
        unchecked
        {
            return new ShownEntry
            {
                _sequence = (int)(price.BookSequence - ringBase.Sequence),
                _bid = (int)(price.BidMantissa - ringBase.BidMantissa),
                _sentLow = (uint)sent,
                _age = (int)(sentAtTicks - price.ReceivedAtTicks),
                _askAndSentHigh = ((uint)price.AskDelta << AskShift) | (uint)(sent >> 32),
                _packed = price.Packed | (uint)flags | ((uint)newerPrices << NewerShift),
            };
        }
    }

    /// <summary>The send time of a compact entry.</summary>
    public readonly long SentAtTicks(in ShownRingBase ringBase) => ringBase.Ticks + (long)(((ulong)(_askAndSentHigh & 0xFF) << 32) | _sentLow);

    /// <summary>Whether the entry is a marker of one kept whole in the side array.</summary>
    public readonly bool IsWide => (_packed & Wide) != 0;

    /// <summary>The compact entry given back whole.</summary>
    public readonly ShownRecord Decode(in ShownRingBase ringBase)
    {
        var sent = SentAtTicks(ringBase);
        unchecked
        {
            var bid = ringBase.BidMantissa + _bid;
            return new ShownRecord
            {
                BookSequence = ringBase.Sequence + _sequence,
                SentAtTicks = sent,
                ReceivedAtTicks = sent - _age,
                Bid = Join(bid, (byte)((_packed >> BidScaleShift) & ScaleMask)),
                Ask = Join(bid + ((int)_askAndSentHigh >> AskShift), (byte)((_packed >> AskScaleShift) & ScaleMask)),
                NewerPrices = (int)(_packed >> NewerShift),
                Feed = (ushort)((_packed >> FeedShift) & byte.MaxValue),
                Flags = (byte)Flags,
            };
        }
    }

    /// <summary>Moves a compact entry from base <paramref name="from"/> to base <paramref name="to"/>; false (and unchanged) when it is too far from the new one.</summary>
    public bool TryMove(in ShownRingBase from, in ShownRingBase to)
    {
        var sent = SentAtTicks(from) - to.Ticks;
        if (!TryDelta(from.Sequence + _sequence, to.Sequence, out var sequence)
            || !TryDelta(from.BidMantissa + _bid, to.BidMantissa, out var bid)
            || unchecked((ulong)sent) > MaxSentOffset)
        {
            return false;
        }

        _sequence = sequence;
        _bid = bid;
        unchecked
        {
            _sentLow = (uint)sent;
            _askAndSentHigh = (_askAndSentHigh & ~0xFFu) | (uint)((ulong)sent >> 32);
        }

        return true;
    }

    /// <summary><paramref name="a"/> − <paramref name="b"/> when it fits an int (and did not overflow a long on the way).</summary>
    public static bool TryDelta(long a, long b, out int delta)
    {
        var difference = unchecked(a - b);
        delta = unchecked((int)difference);
        return delta == difference && ((a ^ b) & (a ^ difference)) >= 0;
    }

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
