namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>The one quote a Binance frame carries, from the generic <see cref="IFeedFrameEncoder.Encode"/> arguments.</summary>
internal static class BinanceQuoteFrame
{
    // The generic encoder path knows no book depth; one unit on each side keeps the event well formed.
    private const decimal DefaultQuantity = 1m;

    /// <exception cref="ArgumentException">Not exactly one price with both sides, or no sequence for the update id.</exception>
    public static BinanceBookTicker From(ReadOnlySpan<WirePrice> prices, long? sequence, DateTimeOffset? sourceTime)
    {
        if (prices.Length != 1)
        {
            throw new ArgumentException($"A Binance frame carries one symbol's quote, not {prices.Length}.", nameof(prices));
        }

        var price = prices[0];
        ArgumentNullException.ThrowIfNull(price.Symbol);
        if (price.Bid is not { } bid || price.Ask is not { } ask)
        {
            throw new ArgumentException($"A Binance quote carries both sides; {price.Symbol} lacks one.", nameof(prices));
        }

        if (sequence is not { } updateId)
        {
            throw new ArgumentException("A Binance quote needs its update id (the sequence).", nameof(sequence));
        }

        return new BinanceBookTicker(price.Symbol, updateId, bid, DefaultQuantity, ask, DefaultQuantity, sourceTime ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>Microseconds since the Unix epoch, SBE's time unit.</summary>
    public static long UnixMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);
}
