namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// One price sent to a user with every value whole: how a ring gives its entries back, and how it keeps the rare one
/// that does not fit a compact <see cref="ShownEntry"/> (in its side array).
/// </summary>
internal struct ShownRecord
{
    public long BookSequence;
    public long ReceivedAtTicks;
    public long SentAtTicks;
    public decimal Bid;
    public decimal Ask;
    public int NewerPrices;
    public ushort Feed;
    public byte Flags;

    /// <summary>The record of <paramref name="price"/> sent at <paramref name="sentAtTicks"/> with <paramref name="newerPrices"/> newer prices known then.</summary>
    public static ShownRecord Of(in ShownPriceFacts price, long sentAtTicks, long newerPrices, int flags) => new()
    {
        BookSequence = price.BookSequence,
        ReceivedAtTicks = price.ReceivedAtTicks,
        SentAtTicks = sentAtTicks,
        Bid = price.Price.Bid,
        Ask = price.Price.Ask,
        NewerPrices = ShownEntry.Count(newerPrices),
        Feed = price.Feed,
        Flags = (byte)flags,
    };
}
