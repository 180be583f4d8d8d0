using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// What every recording of one price shares, taken apart once: its book sequence, its prices as integer mantissas with
/// their scales, its receipt time and its feed's number; a stream frame keeps it for all its clients (<see cref="ShownPriceTemplate"/>).
/// </summary>
internal readonly struct ShownPriceFacts
{
    public ShownPriceFacts(StoredPrice price, ushort feed)
    {
        Price = price;
        BookSequence = price.BookSequence;
        ReceivedAtTicks = price.ReceivedAt.UtcTicks;
        Feed = feed;
        var split = ShownEntry.TrySplit(price.Bid, out var bid, out var bidScale) & ShownEntry.TrySplit(price.Ask, out var ask, out var askScale);
        var packs = ShownEntry.TryPack(bid, ask, bidScale, askScale, feed, out var askDelta, out var packed);
        Compact = split && packs;
        BidMantissa = bid;
        AskDelta = askDelta;
        Packed = packed;
    }

    /// <summary>The price itself: a price that is not <see cref="Compact"/> is kept whole from it.</summary>
    public StoredPrice Price { get; }

    public long BookSequence { get; }

    public long ReceivedAtTicks { get; }

    public long BidMantissa { get; }

    public ushort Feed { get; }

    /// <summary>Whether its prices and feed fit a compact entry (both mantissas in 63 bits, their difference in 24, the feed in a byte).</summary>
    public bool Compact { get; }

    /// <summary>The ask's mantissa less the bid's, as a compact entry keeps it.</summary>
    public int AskDelta { get; }

    /// <summary>The scales and feed as a compact entry keeps them (see <see cref="ShownEntry"/>).</summary>
    public uint Packed { get; }
}
